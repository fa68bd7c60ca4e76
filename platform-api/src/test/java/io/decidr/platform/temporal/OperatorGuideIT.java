package io.decidr.platform.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.devservices.temporal.TemporalCliServer;
import io.decidr.platform.support.Api;
import io.decidr.platform.support.HeadlessChromium;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.client.WorkflowClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The README's operator guide ("Jobs and sagas in Temporal") against the real Temporal dev server (the pinned CLI's
 * {@code temporal server start-dev}) instead of the test server: each query it gives operators returns exactly the
 * workflows it promises, a job's memo and summary read back through DescribeWorkflowExecution, the {@code JobStatus}
 * attribute follows the job, and {@code computeJob { temporal { uiUrl } }} opens the job in the server's Web UI.
 *
 * <p>The whole platform runs here on a server of its own ({@link RealTemporalServerTest}).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorGuideIT extends RealTemporalServerTest {

    private static final Duration VISIBLE = Duration.ofSeconds(60);
    /**
     * The guide's running imports of a tenant: the run going now (a job's earlier runs closed as ContinuedAsNew keep
     * the RUNNING the job had then).
     */
    private static final String RUNNING_IMPORTS =
            "TenantId = \"%s\" AND JobKind = \"IMPORT\" AND JobStatus = \"RUNNING\" AND ExecutionStatus = \"Running\"";
    private static final Path SCREENSHOTS = Path.of("target", "temporal-ui");

    /** The app's client: its data converter opens the encrypted memo and summary, as the UI does through /codec. */
    @Autowired
    private WorkflowClient client;
    private UUID tenant;
    private UUID otherTenant;
    private HttpGraphQlTester admin;
    private HttpGraphQlTester otherAdmin;
    /** The other tenant's jobs started by earlier tests (the order of the tests is not fixed). */
    private final List<String> otherJobs = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** A run per chunk (1,000 rows): the jobs here continue as new, as long ones do after 100 chunks. */
    @DynamicPropertySource
    static void aRunPerChunk(DynamicPropertyRegistry registry) {
        registry.add("decidr.jobs.chunks-per-run", () -> "1");
    }

    @BeforeAll
    void tenants() {
        tenant = register("Operators");
        otherTenant = register("Others");
        admin = api.as(api.token(tenant, "ada", "admin", "member"));
        otherAdmin = api.as(api.token(otherTenant, "oscar", "admin", "member"));
    }

    @Test
    void every_query_of_the_operator_guide_finds_exactly_its_workflows_and_the_ui_link_opens_the_job() throws Exception {
        String orders = collection(admin, "Orders");
        String people = collection(admin, "People");
        String elsewhere = collection(otherAdmin, "Orders");

        String finished = start(admin, orders, 20);
        // 3,000 rows at the suite's 150 items/s: running for about 20 s, long enough to be found running; at one
        // chunk (1,000 rows) per run here, it continues as new twice on the way
        String running = start(admin, people, 3_000);
        String otherTenantsJob = start(otherAdmin, elsewhere, 20);
        otherJobs.add(otherTenantsJob);
        awaitStatus(admin, finished, "COMPLETED");
        awaitStatus(otherAdmin, otherTenantsJob, "COMPLETED");
        awaitStatus(admin, running, "RUNNING");
        String firstRun = admin.document("query($id: ID!) { computeJob(id: $id) { temporal { runId } } }")
                .variable("id", running).execute().path("computeJob.temporal.runId").entity(String.class).get();
        Api.eventually(() -> !currentRun(jobId(running)).equals(firstRun), Duration.ofMinutes(1),
                "the running job's continue-as-new");

        String company = entity(admin, orders, "Initech");
        String person = entity(admin, people, "Milton");
        defineLink(admin, people, "Employer", orders, "Staff");
        admin.document("mutation($s: ID!, $t: ID!) { linkEntities(sourceId: $s, attribute: \"Employer\", targetId: $t) { targetVersion } }")
                .variable("s", person).variable("t", company).execute().path("linkEntities.targetVersion").hasValue();

        // the guide's queries, word for word
        assertFinds("TenantId = \"" + tenant + "\" AND WorkflowType = \"ComputeJob\" AND ExecutionStatus != \"ContinuedAsNew\"", jobId(finished),
                jobId(running));
        assertFinds(RUNNING_IMPORTS.formatted(tenant), jobId(running));
        assertFinds("CollectionId = \"" + orders + "\" AND ExecutionStatus != \"ContinuedAsNew\"", jobId(finished));
        // without the ExecutionStatus condition, a job that continued as new is there once per run
        assertThat(ids("TenantId = \"" + tenant + "\" AND WorkflowType = \"ComputeJob\"")).hasSizeGreaterThan(2);
        assertFinds("TenantId = \"" + tenant + "\" AND WorkflowType = \"LinkEntities\" AND ExecutionStatus != \"Completed\"");
        String link = only("TenantId = \"" + tenant + "\" AND WorkflowType = \"LinkEntities\"");
        assertThat(link).startsWith("link/" + tenant + "/" + person + "/");
        assertFinds("TenantId = \"" + otherTenant + "\" AND WorkflowType = \"ComputeJob\" AND ExecutionStatus != \"ContinuedAsNew\"",
                otherJobs.stream().map(this::jobId).toArray(String[]::new));

        // memo and summary, as the UI shows them
        DescribeWorkflowExecutionResponse described = describe(jobId(finished));
        WorkflowExecutionInfo info = described.getWorkflowExecutionInfo();
        assertThat(client.getOptions().getDataConverter().fromPayload(info.getMemo().getFieldsOrThrow("requestedBy"),
                String.class, String.class)).isEqualTo("ada");
        String summary = client.getOptions().getDataConverter().fromPayload(
                described.getExecutionConfig().getUserMetadata().getSummary(), String.class, String.class);
        assertThat(summary).isEqualTo("Import rows into collection " + orders + " for ada (import job; cancel compensates)");
        assertThat(client.getOptions().getDataConverter().fromPayload(describe(link).getExecutionConfig().getUserMetadata()
                .getSummary(), String.class, String.class)).contains(person).contains(company);

        // JobStatus follows the job: COMPLETED, and COMPENSATED once a running job is cancelled
        assertFinds("TenantId = \"" + tenant + "\" AND JobStatus = \"COMPLETED\"", jobId(finished));
        admin.document("mutation($id: ID!) { cancelComputeJob(id: $id) }").variable("id", running).execute()
                .path("cancelComputeJob").entity(Boolean.class).isEqualTo(true);
        awaitStatus(admin, running, "COMPENSATED");
        assertFinds("TenantId = \"" + tenant + "\" AND JobStatus = \"COMPENSATED\"", jobId(running));
        assertFinds(RUNNING_IMPORTS.formatted(tenant));

        // the link the API gives out opens this job's run in this server's UI
        @SuppressWarnings("unchecked")
        Map<String, Object> links = admin.document("query($id: ID!) { computeJob(id: $id) { temporal { workflowId runId uiUrl } } }")
                .variable("id", finished).execute().path("computeJob.temporal").entity(Map.class).get();
        assertThat(links).containsEntry("workflowId", jobId(finished))
                .containsEntry("runId", info.getExecution().getRunId());
        String uiUrl = (String) links.get("uiUrl");
        // no run in the link: the UI opens the current one, which after a continue-as-new is not the first
        assertThat(uiUrl).isEqualTo(server.uiUrl() + "/namespaces/default/workflows/"
                + URLEncoder.encode(jobId(finished), StandardCharsets.UTF_8));
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(uiUrl)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<html");

        // the job that continued as new: its link opens its last run, not the first
        String lastRun = currentRun(jobId(running));
        assertThat(lastRun).isNotEqualTo(firstRun);
        String runningUrl = admin.document("query($id: ID!) { computeJob(id: $id) { temporal { uiUrl } } }")
                .variable("id", running).execute().path("computeJob.temporal.uiUrl").entity(String.class).get();
        try (HeadlessChromium chromium = HeadlessChromium.start(SCREENSHOTS.resolve("chromedriver-continued.log"))) {
            try {
                chromium.driver().get(runningUrl);
                new WebDriverWait(chromium.driver(), HeadlessChromium.TIMEOUT)
                        .until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), lastRun));
            } finally {
                chromium.screenshot(SCREENSHOTS.resolve("continued-as-new.png"));
            }
        }
    }

    /**
     * What an operator does in the Web UI, in headless Chromium: the guide's query for a tenant's jobs lists the job,
     * its page shows the summary and the job's activities, and the {@code progress} query answers with its counts.
     * Screenshots in {@code target/temporal-ui/} (the README's come from here), passed or failed.
     */
    @Test
    void an_operator_finds_a_tenants_job_in_the_web_ui_opens_it_and_asks_for_its_progress() throws Exception {
        String collection = collection(otherAdmin, "Shipments");
        String job = start(otherAdmin, collection, 30);
        awaitStatus(otherAdmin, job, "COMPLETED");
        String workflowId = jobId(job);
        String query = "TenantId = \"" + otherTenant + "\" AND WorkflowType = \"ComputeJob\" AND ExecutionStatus != \"ContinuedAsNew\"";
        otherJobs.add(job);
        assertFinds(query, otherJobs.stream().map(this::jobId).toArray(String[]::new));

        try (HeadlessChromium chromium = HeadlessChromium.start(SCREENSHOTS.resolve("chromedriver.log"))) {
            WebDriverWait waiting = new WebDriverWait(chromium.driver(), HeadlessChromium.TIMEOUT);
            try {
                chromium.driver().get(server.uiUrl() + "/namespaces/default/workflows?query="
                        + URLEncoder.encode(query, StandardCharsets.UTF_8));
                By jobLink = By.cssSelector("a[href*='" + URLEncoder.encode(workflowId, StandardCharsets.UTF_8) + "']");
                waiting.until(ExpectedConditions.visibilityOfElementLocated(jobLink));
                chromium.screenshot(SCREENSHOTS.resolve("1-tenant-jobs.png"));

                chromium.driver().findElement(jobLink).click();
                // the job opens on its timeline; the summary is on the first event of its history
                waiting.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid='history-tab']")))
                        .click();
                String summary = "Import rows into collection " + collection + " for oscar (import job; cancel compensates)";
                waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), summary));
                String page = chromium.driver().findElement(By.tagName("body")).getText();
                assertThat(page).contains(workflowId).contains("ComputeJob").contains("Completed");
                for (String activity : List.of("Begin", "Plan", "Process", "Complete")) {
                    assertThat(page).as("activity " + activity).containsPattern("Activity Type\\s+" + activity + "\\b");
                }
                chromium.driver().executeScript("arguments[0].scrollIntoView({block: 'start'})",
                        chromium.driver().findElement(By.cssSelector("[data-testid='event-summary-table']")));
                chromium.screenshot(SCREENSHOTS.resolve("2-job-history.png"));

                WebElement queries = chromium.driver().findElement(By.cssSelector("[data-testid='queries-tab']"));
                chromium.driver().executeScript("arguments[0].scrollIntoView({block: 'center'})", queries);
                queries.click();
                waiting.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid='query-select-button']")))
                        .click();
                waiting.until(ExpectedConditions.elementToBeClickable(
                        By.xpath("//li[@role='option'][.//*[normalize-space()='progress'] or normalize-space()='progress']")))
                        .click();
                waiting.until(ExpectedConditions.elementToBeClickable(By.xpath("//button[normalize-space()='Run Query']")))
                        .click();
                By result = By.cssSelector("[data-testid='query-result']");
                waiting.until(ExpectedConditions.textToBePresentInElementLocated(result, "\"done\""));
                assertThat(chromium.driver().findElement(result).getText().replaceAll("\\s+", ""))
                        .contains("\"done\":30").contains("\"total\":30").contains("\"created\":30");
                chromium.screenshot(SCREENSHOTS.resolve("3-progress-query.png"));

                // the link the API gives out opens the workflow on its current run
                String uiUrl = otherAdmin.document("query($id: ID!) { computeJob(id: $id) { temporal { uiUrl } } }")
                        .variable("id", job).execute().path("computeJob.temporal.uiUrl").entity(String.class).get();
                chromium.driver().get(uiUrl);
                waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), currentRun(workflowId)));
            } finally {
                chromium.screenshot(SCREENSHOTS.resolve("end.png"));
            }
        }
    }

    /**
     * The Temporal server stops in the middle of a job and starts again on its SQLite file: the job goes on where it
     * was and finishes, every row imported exactly once (retried chunks resume at their last heartbeat, and the
     * commands they send again answer as duplicates).
     */
    @Test
    void a_job_finishes_with_its_effects_exactly_once_across_a_restart_of_the_temporal_server() {
        UUID restarted = register("Restarted");
        HttpGraphQlTester owner = api.as(api.token(restarted, "rita", "admin", "member"));
        String collection = collection(owner, "Rows");
        int rows = 1_500;
        // 1,500 rows at the suite's 150 items/s: about 10 s, so the server stops in the middle
        String job = startImport(owner, restarted, collection, rows);
        Api.eventually(() -> done(owner, job) >= 150, Duration.ofMinutes(1), "the job under way");

        server.stop();
        int doneWhileStopped = done(owner, job);
        assertThat(doneWhileStopped).as("rows done when the server stopped").isLessThan(rows);
        server = new TemporalCliServer(settings).start();

        awaitStatus(owner, job, "COMPLETED");
        @SuppressWarnings("unchecked")
        Map<String, Object> finished = owner.document("query($id: ID!) { computeJob(id: $id) { done total summary { created updated skipped } } }")
                .variable("id", job).execute().path("computeJob").entity(Map.class).get();
        assertThat(finished).containsEntry("done", rows).containsEntry("total", rows)
                .containsEntry("summary", Map.of("created", rows, "updated", 0, "skipped", 0));
        // the read model follows the log: every row's entity once projected, none twice
        AtomicReference<List<String>> names = new AtomicReference<>();
        Api.eventually(() -> {
            names.set(names(owner, collection));
            return names.get().size() >= rows;
        }, Duration.ofMinutes(1), "the imported entities in the read model");
        assertThat(names.get()).hasSize(rows).doesNotHaveDuplicates();
    }

    private String startImport(HttpGraphQlTester owner, UUID ownerTenant, String collection, int rows) {
        StringBuilder csv = new StringBuilder("Name\n");
        for (int i = 0; i < rows; i++) {
            csv.append("row ").append(i).append('\n');
        }
        String job = owner.document("mutation($c: ID!, $p: JSON!) { startComputeJob(kind: IMPORT, collectionId: $c, params: $p) }")
                .variable("c", collection).variable("p", Map.of("format", "CSV", "data", csv.toString()))
                .execute().path("startComputeJob").entity(String.class).get();
        jobTenants.put(job, ownerTenant);
        return job;
    }

    private static int done(HttpGraphQlTester owner, String job) {
        var response = owner.document("query($id: ID!) { computeJob(id: $id) { done } }").variable("id", job)
                .execute().returnResponse();
        return response.getErrors().isEmpty() ? ((Number) response.field("computeJob.done").getValue()).intValue() : 0;
    }

    /** Every entity's Name in the collection, page after page. */
    @SuppressWarnings("unchecked")
    private static List<String> names(HttpGraphQlTester owner, String collection) {
        List<String> names = new java.util.ArrayList<>();
        String after = null;
        do {
            Map<String, Object> page = owner.document("""
                    query($c: ID!, $after: String) { entities(collectionId: $c, first: 200, after: $after) {
                      edges { node { values { text } } } pageInfo { hasNextPage endCursor } } }""")
                    .variable("c", collection).variable("after", after).execute().path("entities").entity(Map.class).get();
            for (Map<String, Object> edge : (List<Map<String, Object>>) page.get("edges")) {
                List<Map<String, Object>> values = (List<Map<String, Object>>) ((Map<String, Object>) edge.get("node")).get("values");
                names.add((String) values.getFirst().get("text"));
            }
            Map<String, Object> info = (Map<String, Object>) page.get("pageInfo");
            after = Boolean.TRUE.equals(info.get("hasNextPage")) ? (String) info.get("endCursor") : null;
        } while (after != null);
        return names;
    }

    /** The workflow ids the visibility query returns, once they are exactly {@code expected} (visibility lags). */
    private void assertFinds(String query, String... expected) {
        AtomicReference<List<String>> found = new AtomicReference<>();
        List<String> wanted = java.util.Arrays.stream(expected).sorted().toList();
        try {
            Api.eventually(() -> {
                found.set(ids(query));
                return found.get().stream().sorted().toList().equals(wanted);
            }, VISIBLE, "the query " + query);
        } catch (AssertionError timedOut) {
            // what the query still returned says more than "timed out"
            assertThat(found.get()).as(query).containsExactlyInAnyOrder(expected);
        }
    }

    private String only(String query) {
        AtomicReference<List<String>> found = new AtomicReference<>();
        Api.eventually(() -> {
            found.set(ids(query));
            return found.get().size() == 1;
        }, VISIBLE, "one workflow for " + query);
        return found.get().getFirst();
    }

    /** The workflow ids of the rows the query lists (one per run). */
    private List<String> ids(String query) {
        return temporal.blockingStub().listWorkflowExecutions(ListWorkflowExecutionsRequest.newBuilder()
                        .setNamespace(TemporalCliServer.NAMESPACE).setQuery(query).build())
                .getExecutionsList().stream().map(execution -> execution.getExecution().getWorkflowId())
                .toList();
    }

    private String currentRun(String workflowId) {
        return describe(workflowId).getWorkflowExecutionInfo().getExecution().getRunId();
    }

    private DescribeWorkflowExecutionResponse describe(String workflowId) {
        return temporal.blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace(TemporalCliServer.NAMESPACE)
                .setExecution(io.temporal.api.common.v1.WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                .build());
    }

    private String jobId(String job) {
        return "job/" + tenantOf(job) + "/" + job;
    }

    private final Map<String, UUID> jobTenants = new java.util.concurrent.ConcurrentHashMap<>();

    private UUID tenantOf(String job) {
        return jobTenants.get(job);
    }

    /** An import by the admin of the main or the other tenant. */
    private String start(HttpGraphQlTester who, String collection, int rows) {
        return startImport(who, who == admin ? tenant : otherTenant, collection, rows);
    }

    private static void awaitStatus(HttpGraphQlTester who, String job, String... statuses) {
        List<String> wanted = List.of(statuses);
        Api.eventually(() -> {
            var response = who.document("query($id: ID!) { computeJob(id: $id) { status } }").variable("id", job)
                    .execute().returnResponse();
            return response.getErrors().isEmpty()
                    && wanted.contains(response.field("computeJob.status").getValue());
        }, Duration.ofMinutes(2), "job " + job + " to reach " + wanted);
    }

    private static void defineLink(HttpGraphQlTester who, String collection, String name, String target, String backlink) {
        who.document("""
                mutation($c: ID!, $n: String!, $t: ID!, $b: String!) {
                  defineAttribute(input: {collectionId: $c, name: $n, type: LINK, targetCollectionId: $t, backlinkName: $b}) {
                    attributeId } }""")
                .variable("c", collection).variable("n", name).variable("t", target).variable("b", backlink).execute()
                .path("defineAttribute.attributeId").hasValue();
    }

    private static String entity(HttpGraphQlTester who, String collection, String name) {
        return who.document("mutation($c: ID!, $v: [ValueInput!]) { createEntity(collectionId: $c, values: $v) { id } }")
                .variable("c", collection).variable("v", List.of(Map.of("attribute", "Name", "text", name)))
                .execute().path("createEntity.id").entity(String.class).get();
    }
}
