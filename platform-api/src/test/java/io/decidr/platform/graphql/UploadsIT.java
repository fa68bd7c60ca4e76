package io.decidr.platform.graphql;

import static io.decidr.platform.support.Api.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.decidr.platform.support.Api;
import io.decidr.platform.support.PlatformTest;
import io.r2dbc.spi.ConnectionFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Imports of uploaded files end to end: a file streamed to {@code POST /uploads} (chunked, no length), imported by an
 * IMPORT job part by part (parts of 500 rows here, run side by side), and deleted when the job ends; the refusals at
 * the upload (size, format, malformed rows, roles) and at the job's start (an unknown column, another tenant's upload,
 * an upload another job has).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UploadsIT extends PlatformTest {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    ConnectionFactory connections;

    Api api;
    UUID tenant;
    String adminToken;
    HttpGraphQlTester admin;
    String items;
    final Map<String, String> attributes = new HashMap<>();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void collection() {
        api = new Api(port);
        HttpGraphQlTester platformAdmin = api.as(api.token(null, "root", "platform-admin"));
        tenant = UUID.fromString(platformAdmin.document("mutation { registerTenant(name: \"Uploads\") { id } }")
                .execute().path("registerTenant.id").entity(String.class).get());
        adminToken = api.token(tenant, "ada", "admin", "member");
        admin = api.as(adminToken);
        items = collection("Items");
    }

    /** A collection of its own for each test, with the attributes Name (required), Price and Notes. */
    private String collection(String name) {
        String collection = WritePathIT.id(admin.document("mutation($n: String!) { createCollection(name: $n) { id } }")
                .variable("n", name).execute(), "createCollection.id");
        for (String[] attribute : List.of(new String[] {"Name", "TEXT, required: true"}, new String[] {"Price", "NUMBER"},
                new String[] {"Notes", "TEXT"})) {
            attributes.put(collection + "/" + attribute[0], admin.document("mutation($c: ID!, $n: String!) {"
                            + " defineAttribute(input: {collectionId: $c, name: $n, type: " + attribute[1] + "}) { attributeId } }")
                    .variable("c", collection).variable("n", attribute[0]).execute().path("defineAttribute.attributeId")
                    .entity(String.class).get());
        }
        return collection;
    }

    @Test
    void a_csv_file_streamed_in_is_imported_part_by_part_and_deleted_when_its_job_ends() throws Exception {
        HttpResponse<String> uploaded = upload(adminToken, "?format=csv", chunked(csv(1_200)), null);
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        JsonNode upload = JSON.readTree(uploaded.body());
        assertThat(upload.path("rows").asLong()).isEqualTo(1_200);
        assertThat(upload.path("parts").asInt()).as("parts of 500 rows").isEqualTo(3);
        assertThat(upload.path("header").asText()).isEqualTo("Name,Price,Notes");
        String id = upload.path("id").asText();
        assertThat(get(adminToken, id).statusCode()).isEqualTo(200);

        String job = start(items, Map.of("upload", id));
        Map<String, Object> completed = awaitStatus(job, "COMPLETED", "FAILED");
        assertThat(completed).containsEntry("status", "COMPLETED").containsEntry("total", 1_200);
        assertThat((Map<String, Object>) completed.get("summary")).containsEntry("created", 1_200).containsEntry("skipped", 0);
        assertThat(get(adminToken, id).statusCode()).as("deleted when its job ended").isEqualTo(404);
        assertThat(storedUploads()).isZero();

        Api.eventually(() -> values("Name").size() == 1_200, JOB_TIMEOUT, "the imported rows in the read model");
        List<String> names = new ArrayList<>(values("Name").values());
        assertThat(names).doesNotHaveDuplicates().contains("Item 0", "Item 1199", "Ünïcödé 7 ✓");
        assertThat(values("Notes").values()).contains("a note\nover two lines, with \"quotes\"");

        var again = admin.document("mutation($c: ID!, $p: JSON!) { startComputeJob(kind: IMPORT, collectionId: $c, params: $p) }")
                .variable("c", items).variable("p", Map.of("upload", id)).execute();
        assertThat(rejected(again, "VALIDATION_FAILED").getExtensions()).containsEntry("field", "params.upload");
    }

    @Test
    void json_lines_with_a_bad_line_import_the_others_and_name_the_line() throws Exception {
        String lines = "{\"Name\": \"one\", \"Price\": 1}\n\n{\"Name\": \"two\", \"Price\": \"not a number\"}\n"
                + "{not json}\n{\"Name\": \"four\", \"Colour\": \"red\"}\n{\"Name\": \"five\"}";
        HttpResponse<String> uploaded = upload(adminToken, "", chunked(lines), "application/x-ndjson");
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        String id = JSON.readTree(uploaded.body()).path("id").asText();
        String job = start(collection("Lines"), Map.of("upload", id, "onError", "SKIP"));
        Map<String, Object> completed = awaitStatus(job, "COMPLETED", "FAILED");
        assertThat(completed).containsEntry("status", "COMPLETED");
        assertThat((Map<String, Object>) completed.get("summary")).containsEntry("created", 2).containsEntry("skipped", 3);
        assertThat((String) completed.get("lastError")).startsWith("line 4");
    }

    @Test
    void uploads_refused_leave_nothing_behind_and_imports_of_wrong_uploads_never_start() throws Exception {
        long before = storedUploads();
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(uri("/uploads?format=csv"))
                .POST(HttpRequest.BodyPublishers.ofString("Name\nx\n")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);

        assertRefused(upload(adminToken, "", chunked("Name\nx\n"), "text/plain"), 415, "UNSUPPORTED_MEDIA_TYPE");
        assertRefused(upload(api.token(tenant, "olga", "operator"), "?format=csv", chunked("Name\nx\n"), null), 403, "FORBIDDEN");
        byte[] declaredTooLarge = new byte[5 * 1024 * 1024];
        assertRefused(http.send(HttpRequest.newBuilder(uri("/uploads?format=csv"))
                .header("Authorization", "Bearer " + adminToken)
                .expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofByteArray(declaredTooLarge)).build(),
                HttpResponse.BodyHandlers.ofString()), 413, "UPLOAD_TOO_LARGE");
        assertRefused(upload(adminToken, "?format=csv", chunked(csv(60_000)), null), 413, "UPLOAD_TOO_LARGE");
        assertRefused(upload(adminToken, "?format=csv", chunked(csv(600) + "\"never closed,1,\n"), null), 400,
                "UPLOAD_MALFORMED");
        assertThat(storedUploads()).as("nothing kept of refused uploads").isEqualTo(before);

        String unknownColumn = JSON.readTree(upload(adminToken, "?format=csv", chunked("Name,Colour\nA,red\n"), null).body())
                .path("id").asText();
        var wrongColumn = admin.document("mutation($c: ID!, $p: JSON!) { startComputeJob(kind: IMPORT, collectionId: $c, params: $p) }")
                .variable("c", items).variable("p", Map.of("upload", unknownColumn)).execute();
        assertThat(rejected(wrongColumn, "VALIDATION_FAILED").getExtensions()).containsEntry("field", "params.upload");

        UUID otherTenant = UUID.fromString(api.as(api.token(null, "root", "platform-admin"))
                .document("mutation { registerTenant(name: \"Elsewhere\") { id } }").execute()
                .path("registerTenant.id").entity(String.class).get());
        String theirs = JSON.readTree(upload(api.token(otherTenant, "eve", "admin"), "?format=csv", chunked(csv(3)), null)
                .body()).path("id").asText();
        var notOurs = admin.document("mutation($c: ID!, $p: JSON!) { startComputeJob(kind: IMPORT, collectionId: $c, params: $p) }")
                .variable("c", items).variable("p", Map.of("upload", theirs)).execute();
        assertThat(rejected(notOurs, "VALIDATION_FAILED").getMessage()).contains("there is no upload");
        assertThat(get(adminToken, theirs).statusCode()).as("another tenant's upload is not found").isEqualTo(404);

        HttpResponse<String> deleted = http.send(HttpRequest.newBuilder(uri("/uploads/" + unknownColumn))
                .header("Authorization", "Bearer " + adminToken).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(get(adminToken, unknownColumn).statusCode()).isEqualTo(404);
    }

    private static void assertRefused(HttpResponse<String> response, int status, String code) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(JSON.readTree(response.body()).path("errors").path(0).path("extensions").path("code").asText())
                .isEqualTo(code);
    }

    private HttpResponse<String> upload(String token, String query, HttpRequest.BodyPublisher body, String contentType)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/uploads" + query))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(60))
                .POST(body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String token, String id) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri("/uploads/" + id)).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    /** The text sent in pieces of 7 KiB without a declared length (chunked), as a large file is. */
    private static HttpRequest.BodyPublisher chunked(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<InputStream> pieces = new ArrayList<>();
        for (int at = 0; at < bytes.length; at += 7 * 1024) {
            pieces.add(new ByteArrayInputStream(bytes, at, Math.min(7 * 1024, bytes.length - at)));
        }
        return HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(Collections.enumeration(pieces)));
    }

    /** Rows with a quoted cell over two lines, quotes inside quotes, and non-ASCII text. */
    private static String csv(int rows) {
        StringBuilder csv = new StringBuilder("Name,Price,Notes\r\n");
        for (int i = 0; i < rows; i++) {
            String name = i == 7 ? "Ünïcödé 7 ✓" : "Item " + i;
            String notes = i == 3 ? "\"a note\nover two lines, with \"\"quotes\"\"\"" : "plain";
            csv.append(name).append(',').append(i % 50).append(',').append(notes).append("\r\n");
        }
        return csv.toString();
    }

    private long storedUploads() {
        return Mono.usingWhen(Mono.from(connections.create()),
                c -> Flux.from(c.createStatement("SELECT count(*) AS n FROM uploads WHERE tenant_id = $1").bind(0, tenant)
                        .execute()).flatMap(result -> result.map(row -> row.get("n", Long.class))).next(),
                c -> Mono.from(c.close())).block(Duration.ofSeconds(10));
    }

    private String start(String collection, Map<String, Object> params) {
        return admin.document("mutation($c: ID!, $p: JSON!) { startComputeJob(kind: IMPORT, collectionId: $c, params: $p) }")
                .variable("c", collection).variable("p", params)
                .execute().path("startComputeJob").entity(String.class).get();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> awaitStatus(String id, String... statuses) {
        List<String> wanted = List.of(statuses);
        Map<String, Object>[] last = new Map[1];
        Api.eventually(() -> {
            var response = admin.document("query($id: ID!) { computeJob(id: $id) { status done total lastError error"
                    + " summary { created updated skipped } } }").variable("id", id).execute().returnResponse();
            if (!response.getErrors().isEmpty()) {
                // the job's read model follows its events: NOT_FOUND until its request is projected
                assertThat(response.getErrors()).allSatisfy(error ->
                        assertThat(error.getExtensions()).containsEntry("code", "NOT_FOUND"));
                return false;
            }
            last[0] = response.field("computeJob").getValue();
            return wanted.contains(last[0].get("status"));
        }, JOB_TIMEOUT, "job " + id + " to reach " + wanted);
        return last[0];
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> values(String attribute) {
        String attributeId = attributes.get(items + "/" + attribute);
        Map<String, String> found = new HashMap<>();
        String after = null;
        do {
            var page = admin.document("query($c: ID!, $a: String) { entities(collectionId: $c, first: 200, after: $a) {"
                            + " edges { node { id values { attributeId text } } } pageInfo { hasNextPage endCursor } } }")
                    .variable("c", items).variable("a", after).execute();
            for (Object node : page.path("entities.edges[*].node").entityList(Map.class).get()) {
                Map<String, Object> entity = (Map<String, Object>) node;
                for (Map<String, Object> value : (List<Map<String, Object>>) entity.get("values")) {
                    if (attributeId.equals(value.get("attributeId")) && value.get("text") != null) {
                        found.put((String) entity.get("id"), (String) value.get("text"));
                    }
                }
            }
            after = page.path("entities.pageInfo.hasNextPage").entity(Boolean.class).get()
                    ? page.path("entities.pageInfo.endCursor").entity(String.class).get() : null;
        } while (after != null);
        return found;
    }
}
