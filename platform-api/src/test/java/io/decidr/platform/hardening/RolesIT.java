package io.decidr.platform.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.platform.support.PlatformTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.web.server.LocalManagementPort;

/**
 * The README's role table is the truth: each row's first operation is tried with a token of each role alone, and
 * is refused ({@code FORBIDDEN}) exactly where the table says "no". Allowed probes are chosen to change little (a
 * job with empty parameters is refused for them, a rebuild of a projector that does not exist is NOT_FOUND).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RolesIT extends PlatformTest {

    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)`.*\\| (yes|no) \\| (yes|no) \\| (yes|no) \\| (yes|no) \\|$");
    private static final List<String> ROLES = List.of("platform-admin", "admin", "member", "operator");

    @LocalManagementPort
    int managementPort;

    Fixture fixture;
    String entity;
    Map<String, Function<String, Boolean>> probes;

    @BeforeAll
    void tenant() {
        fixture = Fixture.create(port, "Roles");
        entity = fixture.entity("probed");
        RawHttp management = new RawHttp(managementPort);
        probes = new LinkedHashMap<>();
        probes.put("registerTenant", token -> allowed(call(token, "mutation($n: String!) { registerTenant(name: $n) { id } }",
                Map.of("n", "Probe " + UUID.randomUUID()))));
        probes.put("renameTenant", token -> allowed(call(token, "mutation { renameTenant(name: \"Roles\") { version } }", null)));
        probes.put("sharePersonalValues", token -> allowed(call(token,
                "mutation { sharePersonalValues(shared: false) { version } }", null)));
        probes.put("createCollection", token -> allowed(call(token, "mutation($n: String!) { createCollection(name: $n) { id } }",
                Map.of("n", "Probe " + UUID.randomUUID()))));
        probes.put("createEntity", token -> allowed(call(token, "mutation($c: ID!) { createEntity(collectionId: $c, values:"
                + " [{attribute: \"Name\", text: \"probe\"}]) { id } }", Map.of("c", fixture.collection()))));
        probes.put("addComment", token -> allowed(call(token, "mutation($e: ID!) { addComment(entityId: $e, body: \"hi\") { id } }",
                Map.of("e", entity))));
        probes.put("deleteComment", token -> {
            String comment = (String) Fixture.data(call(fixture.token("carla", "member"), "mutation($e: ID!) {"
                    + " addComment(entityId: $e, body: \"carla's\") { id } }", Map.of("e", entity)), "addComment", "id");
            return allowed(call(token, "mutation($c: ID!) { deleteComment(commentId: $c) { version } }", Map.of("c", comment)));
        });
        probes.put("startComputeJob", token -> allowed(call(token, "mutation($c: ID!) { startComputeJob(kind: IMPORT,"
                + " collectionId: $c, params: \"{}\") }", Map.of("c", fixture.collection()))));
        probes.put("entities", token -> allowed(call(token, "query($c: ID!) { entities(collectionId: $c) { edges { node { id } } } }",
                Map.of("c", fixture.collection()))));
        probes.put("projectors", token -> allowed(call(token, "{ projectors { name } }", null)));
        probes.put("rebuildProjector", token -> allowed(call(token, "mutation { rebuildProjector(projector: \"none-such\") {"
                + " generation } }", null)));
        // an invalid URL: the role check comes first, so an admin is refused for the URL (allowed) and others FORBIDDEN
        probes.put("eraseEntity", token -> allowed(call(token, "mutation($e: ID!) { eraseEntity(entityId: $e,"
                + " reason: \"probe\") { version } }", Map.of("e", fixture.entity("erased " + UUID.randomUUID())))));
        probes.put("exportSubject", token -> allowed(call(token, "query($e: ID!) { exportSubject(entityId: $e) }",
                Map.of("e", entity))));
        probes.put("createWebhook", token -> allowed(call(token, "mutation { createWebhook(url: \"ftp://probe\","
                + " eventTypes: [\"*\"]) { secret } }", null)));
        probes.put("webhooks", token -> allowed(call(token, "{ webhooks { id } }", null)));
        RawHttp api = new RawHttp(port);
        probes.put("/codec/decode", token -> {
            RawHttp.Reply reply = api.post("/codec/decode", "application/json",
                    "{\"payloads\":[]}".getBytes(StandardCharsets.UTF_8), "Authorization", "Bearer " + token);
            assertThat(reply.status()).as(reply.body()).isIn(200, 403);
            return reply.status() == 200;
        });
        probes.put("/actuator/metrics", token -> {
            RawHttp.Reply reply = management.get("/actuator/metrics", "Authorization", "Bearer " + token);
            assertThat(reply.status()).isIn(200, 403);
            return reply.status() == 200;
        });
    }

    @Test
    void every_cell_of_the_readme_role_table_holds() throws IOException {
        List<String> mismatches = new ArrayList<>();
        int rows = 0;
        for (String line : Files.readAllLines(readme())) {
            Matcher row = ROW.matcher(line.strip());
            if (!row.matches()) {
                continue;
            }
            rows++;
            String operation = row.group(1);
            assertThat(probes).as("a probe for the README row of " + operation).containsKey(operation);
            for (int i = 0; i < ROLES.size(); i++) {
                boolean expected = row.group(i + 2).equals("yes");
                String token = fixture.token("probe-" + ROLES.get(i), ROLES.get(i));
                boolean actual = probes.get(operation).apply(token);
                if (actual != expected) {
                    mismatches.add(operation + " as " + ROLES.get(i) + ": README says " + (expected ? "yes" : "no")
                            + ", the API says " + (actual ? "yes" : "no"));
                }
            }
        }
        assertThat(rows).as("rows of the README's role table").isEqualTo(probes.size());
        assertThat(mismatches).isEmpty();
    }

    private RawHttp.Reply call(String token, String document, Map<String, Object> variables) {
        return fixture.http().graphql(token, document, variables);
    }

    /** Allowed: answered without FORBIDDEN (another refusal, e.g. NOT_FOUND or VALIDATION_FAILED, comes after the role check). */
    @SuppressWarnings("unchecked")
    private static boolean allowed(RawHttp.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<Map<String, Object>> errors = (List<Map<String, Object>>) reply.json().get("errors");
        return errors == null || errors.stream().noneMatch(error -> "FORBIDDEN".equals(
                ((Map<String, Object>) error.get("extensions")).get("code")));
    }

    private static Path readme() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("README.md")) && Files.exists(dir.resolve("platform-api"))) {
                return dir.resolve("README.md");
            }
        }
        throw new IllegalStateException("README.md not found above " + Path.of("").toAbsolutePath());
    }
}
