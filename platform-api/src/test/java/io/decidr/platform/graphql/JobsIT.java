package io.decidr.platform.graphql;

import static io.decidr.platform.support.Api.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.platform.support.Api;
import io.decidr.platform.temporal.RealTemporalServerTest;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.graphql.client.WebSocketGraphQlClient;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * Compute jobs end to end through GraphQL, the worker role and the real Temporal dev server: an import of 1,000 rows
 * followed to completion (polling and the progress subscription), bad parameters refused before anything starts, and
 * a FORMULA job cancelled midway whose previous values come back. On the in-process test server, a cancel that meets
 * its activity's completion in one workflow task can leave the workflow stuck (ACTIVITY_UNKNOWN, a known test-server
 * bug the real server does not have); what the test server answers for schedules is SchedulesOnTestServerIT's.
 */
class JobsIT extends RealTemporalServerTest {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(2);
    /** Orders of the cancelled formula's collection. */
    private static final int ORDERS = 1_500;

    @LocalManagementPort
    int managementPort;

    UUID tenant;
    HttpGraphQlTester admin;
    HttpGraphQlTester member;
    String items;
    /** Attribute ids by collection and name. */
    final Map<String, String> attributes = new HashMap<>();

    @BeforeAll
    void collection() {
        HttpGraphQlTester platformAdmin = api.as(api.token(null, "root", "platform-admin"));
        tenant = UUID.fromString(platformAdmin.document("mutation { registerTenant(name: \"Jobs\") { id } }")
                .execute().path("registerTenant.id").entity(String.class).get());
        admin = api.as(api.token(tenant, "ada", "admin", "member"));
        member = api.as(api.token(tenant, "bob", "member"));
        items = WritePathIT.id(admin.document("mutation { createCollection(name: \"Items\") { id } }").execute(),
                "createCollection.id");
        orderAttributes(items);
    }

    private void orderAttributes(String collection) {
        define(collection, "Name", "TEXT, required: true");
        define(collection, "Price", "NUMBER");
        define(collection, "Quantity", "NUMBER");
        define(collection, "Total", "NUMBER");
    }

    private void define(String collection, String name, String type) {
        String id = admin.document("mutation($c: ID!, $n: String!) { defineAttribute(input: {collectionId: $c, name: $n, type: "
                        + type + "}) { attributeId } }")
                .variable("c", collection).variable("n", name).execute().path("defineAttribute.attributeId")
                .entity(String.class).get();
        attributes.put(collection + "/" + name, id);
    }

    private String start(HttpGraphQlTester who, String kind, String collection, Map<String, Object> params) {
        return who.document("mutation($k: JobKind!, $c: ID!, $p: JSON!) { startComputeJob(kind: $k, collectionId: $c, params: $p) }")
                .variable("k", kind).variable("c", collection).variable("p", params)
                .execute().path("startComputeJob").entity(String.class).get();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> job(String id) {
        return member.document("query($id: ID!) { computeJob(id: $id) { id kind status done total rate eta lastError error errorCode"
                        + " restored requestedBy summary { created updated skipped } temporal { workflowId runId uiUrl } } }")
                .variable("id", id).execute().path("computeJob").entity(Map.class).get();
    }

    /** The job once it has one of the statuses; it may not be in the read model yet at first (reads are eventual). */
    private Map<String, Object> awaitStatus(String id, String... statuses) {
        List<String> wanted = List.of(statuses);
        Map<String, Object>[] last = new Map[1];
        Api.eventually(() -> {
            last[0] = projected(id) ? job(id) : null;
            return last[0] != null && wanted.contains(last[0].get("status"));
        }, JOB_TIMEOUT, "job " + id + " to reach " + wanted);
        return last[0];
    }

    /** Whether the job is in the read model (NOT_FOUND until its job.requested is projected; any other error fails). */
    private boolean projected(String id) {
        List<org.springframework.graphql.ResponseError> errors = member.document("query($id: ID!) { computeJob(id: $id) { id } }")
                .variable("id", id).execute().returnResponse().getErrors();
        assertThat(errors).allSatisfy(error -> assertThat(error.getExtensions()).containsEntry("code", "NOT_FOUND"));
        return errors.isEmpty();
    }

    private static String csv(int rows, int from) {
        StringBuilder csv = new StringBuilder("Name,Price,Quantity,Total\n");
        for (int i = from; i < from + rows; i++) {
            csv.append("\"Item ").append(i).append("\",").append(i % 50 + 2).append(',').append(i % 7 + 2).append(",1\n");
        }
        return csv.toString();
    }

    @Test
    void an_import_of_a_thousand_rows_is_followed_to_completion() throws IOException {
        String job = start(admin, "IMPORT", items, Map.of("format", "CSV", "data", csv(1_000, 0), "onError", "FAIL"));
        List<Map<String, Object>> seen = new CopyOnWriteArrayList<>();
        WebSocketGraphQlClient client = api.socket(api.token(tenant, "watcher", "member"));
        try {
            client.document("subscription($id: ID!) { computeJobProgress(id: $id) { status done total } }")
                    .variable("id", job).executeSubscription()
                    .map(response -> response.field("computeJobProgress").toEntity(Map.class))
                    .doOnNext(update -> seen.add((Map<String, Object>) update))
                    .blockLast(JOB_TIMEOUT);
        } finally {
            client.stop().block(Duration.ofSeconds(10));
        }
        assertThat(seen).isNotEmpty();
        assertThat(seen.getLast()).containsEntry("status", "COMPLETED").containsEntry("done", 1_000);
        List<Integer> done = seen.stream().map(update -> (Integer) update.get("done")).toList();
        assertThat(done).as("progress only moves forward").isSorted();

        Map<String, Object> completed = job(job);
        assertThat(completed).containsEntry("kind", "IMPORT").containsEntry("total", 1_000).containsEntry("requestedBy", "ada");
        assertThat((Map<String, Object>) completed.get("summary")).containsEntry("created", 1_000).containsEntry("skipped", 0);
        Map<String, Object> temporal = (Map<String, Object>) completed.get("temporal");
        assertThat((String) temporal.get("workflowId")).isEqualTo("job/" + tenant + "/" + job);
        assertThat((String) temporal.get("uiUrl")).contains("/namespaces/default/workflows/job%2F" + tenant);

        Api.eventually(() -> values(items, "Name").size() == 1_000, JOB_TIMEOUT, "the imported items in the read model");
        List<String> names = new ArrayList<>(values(items, "Name").values());
        assertThat(names).as("each row once").doesNotHaveDuplicates().hasSize(1_000).contains("Item 0", "Item 999");

        var listed = member.document("{ computeJobs(status: COMPLETED, first: 10) { edges { node { id status } } } }").execute();
        assertThat(listed.path("computeJobs.edges[*].node.id").entityList(String.class).get()).contains(job);

        // the jobs' items meter counted the thousand rows (at least: a retried window counts again)
        assertThat(scrapedValue("decidr_jobs_items_total{kind=\"import\",outcome=\"created\"}"))
                .isGreaterThanOrEqualTo(1_000);

        // every meter the chart's alerts and dashboard use is one this process shows (after a job ran on a real
        // Temporal server, so the SDK's worker meters exist too); conflicts are counted from the first one on
        String scrape = scrape();
        Set<String> shown = scrape.lines().filter(line -> !line.startsWith("#"))
                .map(line -> line.split("[{ ]", 2)[0]).collect(Collectors.toSet());
        Path chart = Path.of("..", "helm", "decidr");
        Set<String> used = new TreeSet<>();
        for (Path file : List.of(chart.resolve("files/grafana/decidr.json"), chart.resolve("templates/prometheusrule.yaml"))) {
            Matcher meters = Pattern.compile("\\b((?:decidr|temporal|graphql)_[a-z0-9_]+)\\b").matcher(Files.readString(file));
            while (meters.find()) {
                used.add(meters.group(1));
            }
        }
        assertThat(used).hasSizeGreaterThan(10);
        used.remove("decidr_commands_conflicts_total");
        used.remove("graphql_operation");  // a label of graphql_request_seconds, not a meter
        assertThat(used).as("meters the chart uses that /actuator/prometheus does not show").isSubsetOf(shown);
    }

    /** /actuator/prometheus on the management port, as an operator scrapes it. */
    private String scrape() {
        try {
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                                    java.net.URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus"))
                            .header("Authorization", "Bearer " + api.token(tenant, "olga", "operator")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A sample's value from /actuator/prometheus on the management port, as an operator scrapes it. */
    private double scrapedValue(String sample) {
        return scrape().lines().filter(line -> line.startsWith(sample + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(sample.length() + 1).strip()))
                .findFirst().orElse(0);
    }

    @Test
    void bad_parameters_are_refused_before_a_job_exists_and_bad_rows_are_reported_by_line() {
        var unknownColumn = admin.document("mutation($c: ID!, $p: JSON!) { startComputeJob(kind: IMPORT, collectionId: $c, params: $p) }")
                .variable("c", items).variable("p", Map.of("format", "CSV", "data", "Name,Colour\nA,red\n")).execute();
        assertThat(rejected(unknownColumn, "VALIDATION_FAILED").getExtensions()).containsEntry("field", "params.data");
        var badFormula = admin.document("mutation($c: ID!, $p: JSON!) { startComputeJob(kind: FORMULA, collectionId: $c, params: $p) }")
                .variable("c", items).variable("p", Map.of("expression", "Name * 2", "target", "Total")).execute();
        assertThat(rejected(badFormula, "VALIDATION_FAILED").getExtensions()).containsEntry("field", "params.expression");
        var textIntoNumber = admin.document("mutation($c: ID!, $p: JSON!) { startComputeJob(kind: FORMULA, collectionId: $c, params: $p) }")
                .variable("c", items).variable("p", Map.of("expression", "Name + '!'", "target", "Total")).execute();
        assertThat(rejected(textIntoNumber, "VALIDATION_FAILED").getExtensions()).containsEntry("field", "params.expression");
        rejected(member.document("query($id: ID!) { computeJob(id: $id) { id } }").variable("id", UUID.randomUUID().toString())
                .execute(), "NOT_FOUND");

        String other = WritePathIT.id(admin.document("mutation { createCollection(name: \"Scratch\") { id } }").execute(),
                "createCollection.id");
        admin.document("mutation($c: ID!) { defineAttribute(input: {collectionId: $c, name: \"Name\", type: TEXT, required: true}) { attributeId } }")
                .variable("c", other).execute().path("defineAttribute.attributeId").hasValue();
        String skipping = start(admin, "IMPORT", other, Map.of("format", "CSV", "data", "Name\nfirst\n\"\"\nthird\n", "onError", "SKIP"));
        Map<String, Object> skipped = awaitStatus(skipping, "COMPLETED", "FAILED");
        assertThat(skipped).containsEntry("status", "COMPLETED");
        assertThat((Map<String, Object>) skipped.get("summary")).containsEntry("created", 2).containsEntry("skipped", 1);
        assertThat((String) skipped.get("lastError")).startsWith("line 3");

        String failing = start(admin, "IMPORT", other, Map.of("format", "CSV", "data", "Name\nfourth\n\"\"\nsixth\n"));
        Map<String, Object> failed = awaitStatus(failing, "COMPLETED", "FAILED");
        assertThat(failed).containsEntry("status", "FAILED");
        assertThat(failed).containsEntry("errorCode", "JOB_ITEM_FAILED");
        assertThat((String) failed.get("error")).startsWith("JOB_ITEM_FAILED: line 3").endsWith("; 1 undone");
    }

    @Test
    void a_formula_cancelled_midway_puts_the_previous_values_back() {
        // enough for about 10 s of formula at the tests' 150 items/s: the cancel must come while it runs
        String collection = WritePathIT.id(admin.document("mutation { createCollection(name: \"Orders\") { id } }").execute(),
                "createCollection.id");
        orderAttributes(collection);
        String imported = start(admin, "IMPORT", collection, Map.of("format", "CSV", "data", csv(ORDERS, 0)));
        assertThat(awaitStatus(imported, "COMPLETED", "FAILED")).containsEntry("status", "COMPLETED");
        Api.eventually(() -> values(collection, "Total").size() == ORDERS, JOB_TIMEOUT, "the imported orders in the read model");
        assertThat(values(collection, "Total").values()).containsOnly("1");

        String formula = start(member, "FORMULA", collection, Map.of("expression", "Price * Quantity", "target", "Total"));
        Api.eventually(() -> projected(formula) && ((Number) job(formula).get("done")).intValue() > 0, JOB_TIMEOUT,
                "the formula to be under way");
        member.document("mutation($id: ID!) { cancelComputeJob(id: $id) }").variable("id", formula).execute()
                .path("cancelComputeJob").entity(Boolean.class).isEqualTo(true);
        Map<String, Object> cancelled = awaitStatus(formula, "COMPENSATED", "COMPLETED", "FAILED");
        assertThat(cancelled).containsEntry("status", "COMPENSATED");
        int done = ((Number) cancelled.get("done")).intValue();
        assertThat(done).as("cancelled midway").isBetween(1, ORDERS - 1);
        assertThat(((Number) cancelled.get("restored")).intValue()).isPositive();
        Api.eventually(() -> values(collection, "Total").values().stream().allMatch("1"::equals), JOB_TIMEOUT,
                "every Total back to its value before the formula");
    }

    @Test
    void a_rollup_sums_and_counts_over_each_entitys_links() {
        String people = WritePathIT.id(admin.document("mutation { createCollection(name: \"People\") { id } }").execute(),
                "createCollection.id");
        define(people, "Name", "TEXT, required: true");
        define(people, "Salary", "NUMBER");
        String teams = WritePathIT.id(admin.document("mutation { createCollection(name: \"Teams\") { id } }").execute(),
                "createCollection.id");
        define(teams, "Name", "TEXT, required: true");
        String link = admin.document("mutation($c: ID!, $t: ID!) { defineAttribute(input: {collectionId: $c, name: \"Members\","
                        + " type: LINK, targetCollectionId: $t, backlinkName: \"Teams\"}) { attributeId } }")
                .variable("c", teams).variable("t", people).execute().path("defineAttribute.attributeId").entity(String.class).get();
        define(teams, "Payroll", "NUMBER");
        define(teams, "Headcount", "NUMBER");
        String[] salaries = {"100", "250.5", "40", "1000"};
        List<String> persons = new ArrayList<>();
        for (int i = 0; i < salaries.length; i++) {
            persons.add(WritePathIT.id(member.document("mutation($c: ID!, $n: String!, $s: Decimal!) { createEntity(collectionId: $c,"
                            + " values: [{attribute: \"Name\", text: $n}, {attribute: \"Salary\", number: $s}]) { id } }")
                    .variable("c", people).variable("n", "Person " + i).variable("s", salaries[i]).execute(), "createEntity.id"));
        }
        String small = team(teams, "Small");
        String big = team(teams, "Big");
        String empty = team(teams, "Empty");
        for (String[] pair : List.of(new String[] {small, persons.get(0)}, new String[] {big, persons.get(1)},
                new String[] {big, persons.get(2)}, new String[] {big, persons.get(3)})) {
            member.document("mutation($s: ID!, $a: String!, $t: ID!) { linkEntities(sourceId: $s, attribute: $a, targetId: $t) { targetVersion } }")
                    .variable("s", pair[0]).variable("a", link).variable("t", pair[1]).execute().path("linkEntities.targetVersion").hasValue();
        }
        Api.eventually(() -> values(teams, "Name").size() == 3, JOB_TIMEOUT, "the teams in the read model");

        String sum = start(member, "ROLLUP", teams, Map.of("function", "SUM", "link", "Members", "attribute", "Salary", "target", "Payroll"));
        Map<String, Object> summed = awaitStatus(sum, "COMPLETED", "FAILED");
        assertThat(summed).containsEntry("status", "COMPLETED");
        assertThat((Map<String, Object>) summed.get("summary")).containsEntry("updated", 3).containsEntry("skipped", 0);
        String count = start(member, "ROLLUP", teams, Map.of("function", "COUNT", "link", "Members", "target", "Headcount"));
        assertThat(awaitStatus(count, "COMPLETED", "FAILED")).containsEntry("status", "COMPLETED");
        String avg = start(member, "ROLLUP", teams, Map.of("function", "AVG", "link", "Members", "attribute", "Salary", "target", "Payroll"));
        Map<String, Object> averaged = awaitStatus(avg, "COMPLETED", "FAILED");
        assertThat((Map<String, Object>) averaged.get("summary"))
                .as("the big team's average replaces its sum; the small team's equals it (unchanged); the empty team has nothing to average")
                .containsEntry("updated", 1).containsEntry("skipped", 1);

        Api.eventually(() -> "3".equals(values(teams, "Headcount").get(big)), JOB_TIMEOUT, "the rollups in the read model");
        assertThat(values(teams, "Headcount")).containsEntry(small, "1").containsEntry(big, "3").containsEntry(empty, "0");
        Api.eventually(() -> "430.1666666666667".equals(values(teams, "Payroll").get(big)), JOB_TIMEOUT, "the averages");
        assertThat(values(teams, "Payroll")).containsEntry(small, "100").containsEntry(empty, "0");
        rejected(member.document("mutation($c: ID!, $p: JSON!) { startComputeJob(kind: ROLLUP, collectionId: $c, params: $p) }")
                .variable("c", teams).variable("p", Map.of("function", "SUM", "link", "Name", "attribute", "Salary", "target", "Payroll"))
                .execute(), "VALIDATION_FAILED");
    }

    private String team(String teams, String name) {
        return WritePathIT.id(member.document("mutation($c: ID!, $n: String!) { createEntity(collectionId: $c, values: [{attribute: \"Name\", text: $n}]) { id } }")
                .variable("c", teams).variable("n", name).execute(), "createEntity.id");
    }

    /** One attribute's values (as text) by entity, from the read model. */
    @SuppressWarnings("unchecked")
    private Map<String, String> values(String collection, String attribute) {
        String attributeId = attributes.get(collection + "/" + attribute);
        Map<String, String> found = new HashMap<>();
        String after = null;
        do {
            var page = member.document("query($c: ID!, $a: String) { entities(collectionId: $c, first: 200, after: $a) {"
                            + " edges { node { id values { attributeId text number } } } pageInfo { hasNextPage endCursor } } }")
                    .variable("c", collection).variable("a", after).execute();
            for (Object node : page.path("entities.edges[*].node").entityList(Map.class).get()) {
                Map<String, Object> entity = (Map<String, Object>) node;
                for (Map<String, Object> value : (List<Map<String, Object>>) entity.get("values")) {
                    if (attributeId.equals(value.get("attributeId"))) {
                        found.put((String) entity.get("id"), value.get("text") != null ? (String) value.get("text")
                                : new BigDecimal(String.valueOf(value.get("number"))).stripTrailingZeros().toPlainString());
                    }
                }
            }
            after = page.path("entities.pageInfo.hasNextPage").entity(Boolean.class).get()
                    ? page.path("entities.pageInfo.endCursor").entity(String.class).get() : null;
        } while (after != null);
        return found;
    }
}
