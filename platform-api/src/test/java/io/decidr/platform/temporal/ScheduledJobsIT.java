package io.decidr.platform.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decidr.application.handlers.ScheduleParameters;
import io.decidr.eventstore.codec.Sealing;
import io.decidr.platform.support.Api;
import io.decidr.platform.support.HeadlessChromium;
import io.decidr.workflows.schedule.JobScheduleClient;
import io.decidr.workflows.schedule.ScheduledJob;
import io.decidr.workflows.schedule.ScheduledJobActivitiesImpl;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.ListSchedulesRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.schedules.ScheduleClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * Compute jobs on Temporal Schedules, on the real dev server: a schedule runs ordinary jobs on its cron and when
 * triggered (each job's effects once), stops while paused, is gone once deleted; another tenant never reaches it; only
 * its user or an admin changes it; bad input is refused before anything is made; a scheduled job cancels and
 * compensates as any job, and a run is skipped while the previous job still runs.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScheduledJobsIT extends RealTemporalServerTest {

    private static final java.nio.file.Path SCREENSHOTS = java.nio.file.Path.of("target", "temporal-ui");
    private static final String SCHEDULE_FIELDS = """
            id kind collectionId params cron timeZone paused note scheduledBy createdAt nextRuns runs skipped
            recentRuns { scheduledAt startedAt jobId workflowId } temporal { scheduleId uiUrl }""";

    @Autowired
    private ScheduleClient schedules;
    @Autowired
    private WorkflowClient workflowClient;
    @Autowired
    private ScheduleParameters scheduleParameters;
    @Autowired
    private ScheduledJobActivitiesImpl scheduledJobActivities;

    private UUID tenant;
    private UUID otherTenant;
    private HttpGraphQlTester admin;
    private HttpGraphQlTester member;
    private HttpGraphQlTester otherAdmin;

    @BeforeAll
    void tenants() {
        tenant = register("Schedulers");
        otherTenant = register("Neighbours");
        admin = api.as(api.token(tenant, "ada", "admin", "member"));
        member = api.as(api.token(tenant, "bob", "member"));
        otherAdmin = api.as(api.token(otherTenant, "oscar", "admin", "member"));
    }

    @Test
    void a_schedule_runs_ordinary_jobs_on_its_cron_and_when_triggered_until_paused_and_deleted() {
        String collection = collection(admin, "Nightly");
        Map<String, Object> created = schedule(admin, collection, "Name\nfirst\nsecond\nthird\n", "* * * * *");
        String id = (String) created.get("id");
        assertThat(created).containsEntry("kind", "IMPORT").containsEntry("collectionId", collection)
                .containsEntry("cron", "* * * * *").containsEntry("timeZone", "UTC").containsEntry("paused", false)
                .containsEntry("scheduledBy", "ada").containsEntry("runs", 0);
        assertThat(created.get("params")).isEqualTo(Map.of("format", "CSV", "data", "Name\nfirst\nsecond\nthird\n"));
        List<Instant> next = instants(created.get("nextRuns"));
        assertThat(next).isNotEmpty();
        assertThat(next.getFirst()).isAfter(Instant.now().minusSeconds(5)).isBefore(Instant.now().plusSeconds(61));
        assertThat(next.getFirst().getEpochSecond() % 60).as("on the minute").isZero();
        @SuppressWarnings("unchecked")
        Map<String, Object> links = (Map<String, Object>) created.get("temporal");
        String scheduleId = "schedule/" + tenant + "/" + id;
        assertThat(links).containsEntry("scheduleId", scheduleId)
                .containsEntry("uiUrl", server.uiUrl() + "/namespaces/default/schedules/"
                        + java.net.URLEncoder.encode(scheduleId, java.nio.charset.StandardCharsets.UTF_8));
        // the same command again finds the same schedule
        // (a new command id makes another one: that is what the commandId is for)

        // a run now, besides the cron's
        Map<String, Object> triggered = mutate(admin, "triggerComputeJobSchedule(id: $id)", id);
        assertThat(triggered.get("id")).isEqualTo(id);
        await(() -> runs(admin, id).size() >= 1, Duration.ofSeconds(30), "the triggered run");
        Map<String, Object> first = runs(admin, id).getFirst();
        awaitStatus(admin, (String) first.get("jobId"), "COMPLETED");
        assertThat((String) first.get("workflowId")).startsWith(scheduleId + "/run-");

        // the cron's own run, at the next minute
        await(() -> runs(admin, id).stream().anyMatch(run -> !run.get("jobId").equals(first.get("jobId"))),
                Duration.ofSeconds(90), "the cron's run");
        List<Map<String, Object>> runs = runs(admin, id);
        Map<String, Object> cronRun = runs.stream().filter(run -> !run.get("jobId").equals(first.get("jobId")))
                .findFirst().orElseThrow();
        assertThat(Instant.parse((String) cronRun.get("scheduledAt")).getEpochSecond() % 60).isZero();
        awaitStatus(admin, (String) cronRun.get("jobId"), "COMPLETED");

        // each run is an ordinary job of the tenant, its effects once
        @SuppressWarnings("unchecked")
        Map<String, Object> job = admin.document("""
                query($id: ID!) { computeJob(id: $id) { kind collectionId requestedBy done summary { created } temporal { workflowId } } }""")
                .variable("id", cronRun.get("jobId")).execute().path("computeJob").entity(Map.class).get();
        assertThat(job).containsEntry("kind", "IMPORT").containsEntry("collectionId", collection)
                .containsEntry("requestedBy", "ada").containsEntry("done", 3).containsEntry("summary", Map.of("created", 3));
        pause(Duration.ofSeconds(1));
        int jobsSoFar = runs(admin, id).size();
        await(() -> names(admin, collection).size() >= 3 * jobsSoFar, Duration.ofSeconds(30), "the runs' entities");

        // operators find the runs and their jobs under the tenant
        String jobWorkflow = (String) ((Map<?, ?>) job.get("temporal")).get("workflowId");
        assertThat(jobWorkflow).isEqualTo("job/" + tenant + "/" + cronRun.get("jobId"));
        await(() -> workflows("TenantId = \"" + tenant + "\" AND WorkflowType = \"ScheduledComputeJob\"").size() >= 2,
                Duration.ofSeconds(30), "the runs in the visibility store");
        assertThat(workflows("TenantId = \"" + tenant + "\" AND WorkflowType = \"ComputeJob\"")).contains(jobWorkflow);
        assertThat(status((String) cronRun.get("workflowId")))
                .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
        // the schedule itself, under the tenant's search attribute (the UI's Schedules page)
        await(() -> schedulesOf(tenant).contains(scheduleId), Duration.ofSeconds(30), "the schedule listed");
        assertThat(schedulesOf(otherTenant)).doesNotContain(scheduleId);
        seenInTheWebUi(scheduleId, (String) links.get("uiUrl"));

        // listed for its tenant only
        await(() -> listed(admin).contains(id), Duration.ofSeconds(30), "the schedule in computeJobSchedules");
        assertThat(listed(otherAdmin)).doesNotContain(id);

        // another tenant cannot see or touch it; a member who did not make it cannot change it
        Api.rejected(otherAdmin.document("query($id: ID!) { computeJobSchedule(id: $id) { id } }").variable("id", id)
                .execute(), "NOT_FOUND");
        Api.rejected(otherAdmin.document("mutation($id: ID!) { pauseComputeJobSchedule(id: $id) { id } }").variable("id", id)
                .execute(), "NOT_FOUND");
        Api.rejected(member.document("mutation($id: ID!) { deleteComputeJobSchedule(id: $id) }").variable("id", id)
                .execute(), "FORBIDDEN");
        assertThat(get(member, id).get("id")).as("members read it").isEqualTo(id);

        // paused: no next runs, no runs at the next minute
        Map<String, Object> paused = admin.document("mutation($id: ID!) { pauseComputeJobSchedule(id: $id, note: \"maintenance\") { "
                + SCHEDULE_FIELDS + " } }").variable("id", id).execute().path("pauseComputeJobSchedule").entity(Map.class).get();
        assertThat(paused).containsEntry("paused", true).containsEntry("note", "maintenance")
                .containsEntry("nextRuns", List.of());
        long runsWhenPaused = ((Number) paused.get("runs")).longValue();
        Map<String, Object> resumed = mutate(admin, "resumeComputeJobSchedule(id: $id)", id);
        assertThat(resumed).containsEntry("paused", false);
        assertThat(instants(resumed.get("nextRuns"))).isNotEmpty();
        assertThat(((Number) resumed.get("runs")).longValue()).isEqualTo(runsWhenPaused);

        // deleted: gone, and its jobs stay
        assertThat(admin.document("mutation($id: ID!) { deleteComputeJobSchedule(id: $id) }").variable("id", id)
                .execute().path("deleteComputeJobSchedule").entity(Boolean.class).get()).isTrue();
        Api.rejected(admin.document("query($id: ID!) { computeJobSchedule(id: $id) { id } }").variable("id", id)
                .execute(), "NOT_FOUND");
        Api.rejected(admin.document("mutation($id: ID!) { triggerComputeJobSchedule(id: $id) { id } }").variable("id", id)
                .execute(), "NOT_FOUND");
        awaitStatus(admin, (String) first.get("jobId"), "COMPLETED");
    }

    /**
     * An import's rows may hold personal values: the schedule keeps them sealed with a key of its own (in the schedule,
     * each run's input and history, as the platform's own data converter decodes them), shows them as given, and
     * erases the key when it is deleted, so no copy Temporal keeps can be read after that.
     */
    @Test
    void an_import_schedule_keeps_its_rows_sealed_with_its_own_key_and_erases_it_when_deleted() {
        String collection = admin.document("mutation { createCollection(name: \"Contacts\", consistency: STRONG) { id } }")
                .execute().path("createCollection.id").entity(String.class).get();
        admin.document("mutation($c: ID!) { defineAttribute(input: {collectionId: $c, name: \"Email\", type: TEXT,"
                + " personal: true}, consistency: STRONG) { attributeId } }").variable("c", collection).execute()
                .path("defineAttribute.attributeId").hasValue();
        String email = "scheduled-" + UUID.randomUUID() + "@example.org";
        Map<String, Object> created = schedule(admin, collection, "Email\n" + email + "\n", "0 3 1 1 *");
        String id = (String) created.get("id");
        assertThat(created.get("params")).as("shown as given").isEqualTo(Map.of("format", "CSV", "data", "Email\n" + email + "\n"));
        assertThat(get(admin, id).get("params")).isEqualTo(created.get("params"));
        String scheduleId = "schedule/" + tenant + "/" + id;
        ScheduledJob kept = JobScheduleClient.job(schedules.getHandle(scheduleId).describe());
        assertThat(kept.parameters()).as("kept sealed").contains(Sealing.MARK).doesNotContain(email).doesNotContain("scheduled-");

        // a run opens them and imports the row
        mutate(admin, "triggerComputeJobSchedule(id: $id)", id);
        await(() -> runs(admin, id).size() >= 1, Duration.ofSeconds(30), "the triggered run");
        Map<String, Object> run = runs(admin, id).getFirst();
        awaitStatus(admin, (String) run.get("jobId"), "COMPLETED");
        Payloads runInput = workflowClient.fetchHistory((String) run.get("workflowId"))
                .getHistory().getEvents(0).getWorkflowExecutionStartedEventAttributes().getInput();
        ScheduledJob runJob = workflowClient.getOptions().getDataConverter().fromPayloads(0,
                Optional.of(runInput), ScheduledJob.class, ScheduledJob.class);
        assertThat(runJob.parameters()).as("the run's input, decoded").isEqualTo(kept.parameters());
        assertThat(runInput.toString()).doesNotContain(email);

        // deleted: its key is erased, and what Temporal kept can no longer be opened
        mutate(admin, "deleteComputeJobSchedule(id: $id)", id);
        assertThat(scheduleParameters.open(tenant, runJob.kind(), runJob.parameters()).block())
                .isEqualTo(ScheduleParameters.ERASED);
        assertThatThrownBy(() -> scheduledJobActivities.request(runJob, run.get("workflowId") + "-again"))
                .isInstanceOf(io.temporal.failure.ApplicationFailure.class)
                .hasMessageContaining("the parameters it kept are erased");
        Api.rejected(admin.document("query($id: ID!) { computeJobSchedule(id: $id) { id } }").variable("id", id)
                .execute(), "NOT_FOUND");
    }

    @Test
    void a_scheduled_job_cancels_and_compensates_as_any_job_and_a_run_is_skipped_while_it_runs() {
        String collection = collection(admin, "Long");
        StringBuilder csv = new StringBuilder("Name\n");
        for (int i = 0; i < 3_000; i++) {
            csv.append("row ").append(i).append('\n');
        }
        // once a year: only the triggers run it
        String id = (String) schedule(admin, collection, csv.toString(), "0 0 1 1 *").get("id");
        mutate(admin, "triggerComputeJobSchedule(id: $id)", id);
        await(() -> runs(admin, id).size() == 1, Duration.ofSeconds(30), "the triggered run");
        String job = (String) runs(admin, id).getFirst().get("jobId");
        awaitStatus(admin, job, "RUNNING");

        // a second trigger while the job runs is skipped
        mutate(admin, "triggerComputeJobSchedule(id: $id)", id);
        await(() -> ((Number) get(admin, id).get("skipped")).longValue() == 1, Duration.ofSeconds(30), "the skipped run");
        assertThat(runs(admin, id)).hasSize(1);

        // its user cancels the job as any job: it compensates, and the run ends as it should (not failed)
        admin.document("mutation($id: ID!) { cancelComputeJob(id: $id) }").variable("id", job).execute()
                .path("cancelComputeJob").entity(Boolean.class).isEqualTo(true);
        awaitStatus(admin, job, "COMPENSATED");
        String run = (String) runs(admin, id).getFirst().get("workflowId");
        await(() -> status(run) == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED, Duration.ofSeconds(30),
                "the run completed");
        await(() -> names(admin, collection).isEmpty(), Duration.ofSeconds(60), "the imported rows archived");
        mutate(admin, "deleteComputeJobSchedule(id: $id)", id);
    }

    /** A run whose request is refused (the collection was archived since) fails at once; its job never exists. */
    @Test
    void a_run_on_a_collection_archived_since_fails_and_requests_no_job() {
        String collection = collection(admin, "Archived later");
        String id = (String) schedule(admin, collection, "Name\nx\n", "0 0 1 1 *").get("id");
        admin.document("mutation($c: ID!) { archiveCollection(collectionId: $c, consistency: STRONG) { version } }")
                .variable("c", collection).execute().path("archiveCollection.version").hasValue();
        // the archive runs as a saga: the collection is archived once it ends
        await(() -> Boolean.TRUE.equals(admin.document("query($c: ID!) { collection(id: $c) { archived } }").variable("c", collection)
                .execute().path("collection.archived").entity(Boolean.class).get()), Duration.ofSeconds(60),
                "the collection archived");

        mutate(admin, "triggerComputeJobSchedule(id: $id)", id);
        await(() -> runs(admin, id).size() == 1, Duration.ofSeconds(30), "the triggered run");
        Map<String, Object> run = runs(admin, id).getFirst();
        await(() -> status((String) run.get("workflowId")) == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED,
                Duration.ofSeconds(30), "the run failed");
        Api.rejected(admin.document("query($id: ID!) { computeJob(id: $id) { id } }").variable("id", run.get("jobId"))
                .execute(), "NOT_FOUND");
        mutate(admin, "deleteComputeJobSchedule(id: $id)", id);
    }

    @Test
    void bad_input_is_refused_and_nothing_is_scheduled() {
        String collection = collection(admin, "Refused");
        Map<String, Object> csv = Map.of("format", "CSV", "data", "Name\nx\n");
        refused("every day", "UTC", csv, collection, "VALIDATION_FAILED", "cron");
        refused("0 3 * * * *", "UTC", csv, collection, "VALIDATION_FAILED", "cron");
        refused("@every 1s", "UTC", csv, collection, "VALIDATION_FAILED", "cron");
        refused("99 3 * * *", "UTC", csv, collection, "VALIDATION_FAILED", "cron");
        refused("0 3 * * *", "Mars/Olympus", csv, collection, "VALIDATION_FAILED", "timeZone");
        refused("0 3 * * *", "UTC", Map.of("format", "CSV", "data", "Nope\nx\n"), collection, "VALIDATION_FAILED", null);
        // only the platform seals: parameters that look sealed would be opened with a key of the tenant's
        refused("0 3 * * *", "UTC", Map.of("format", "CSV", "data", "Name\nx\n", Sealing.MARK, UUID.randomUUID() + ":AAAA"),
                collection, "VALIDATION_FAILED", "params");
        refused("0 3 * * *", "UTC", Map.of("format", "CSV", "upload", UUID.randomUUID().toString()), collection,
                "VALIDATION_FAILED", "params.upload");
        refused("0 3 * * *", "UTC", csv, UUID.randomUUID().toString(), "NOT_FOUND", null);
        HttpGraphQlTester viewer = api.as(api.token(tenant, "olga", "operator"));
        Api.rejected(viewer.document("mutation($c: ID!, $p: JSON!) { scheduleComputeJob(kind: IMPORT, collectionId: $c, params: $p, cron: \"0 3 * * *\") { id } }")
                .variable("c", collection).variable("p", csv).execute(), "FORBIDDEN");
        pause(Duration.ofSeconds(2));
        assertThat(listed(admin).stream().map(id -> get(admin, id).get("collectionId")))
                .doesNotContain(collection);
        // a time zone is kept, and the same command id finds the same schedule
        String commandId = UUID.randomUUID().toString();
        String once = scheduleWith(admin, collection, csv, "30 2 * * 1-5", "Europe/Berlin", commandId);
        String again = scheduleWith(admin, collection, csv, "30 2 * * 1-5", "Europe/Berlin", commandId);
        assertThat(again).isEqualTo(once);
        Map<String, Object> berlin = get(admin, once);
        assertThat(berlin).containsEntry("timeZone", "Europe/Berlin").containsEntry("cron", "30 2 * * 1-5");
        for (Instant due : instants(berlin.get("nextRuns"))) {
            var local = due.atZone(java.time.ZoneId.of("Europe/Berlin"));
            assertThat(local.getHour()).isEqualTo(2);
            assertThat(local.getMinute()).isEqualTo(30);
            assertThat(local.getDayOfWeek().getValue()).isBetween(1, 5);
        }
        mutate(admin, "deleteComputeJobSchedule(id: $id)", once);
    }

    /**
     * What an operator sees in the Web UI, in headless Chromium: the Schedules page lists the schedule, and its link
     * opens it with its runs. Screenshots in {@code target/temporal-ui/}.
     */
    private void seenInTheWebUi(String scheduleId, String uiUrl) {
        try (HeadlessChromium chromium = HeadlessChromium.start(SCREENSHOTS.resolve("chromedriver-schedules.log"))) {
            WebDriverWait waiting = new WebDriverWait(chromium.driver(), HeadlessChromium.TIMEOUT);
            try {
                // the tenant's schedules: the TenantId search attribute in the Schedules page's query
                chromium.driver().get(server.uiUrl() + "/namespaces/default/schedules?query=" + java.net.URLEncoder.encode(
                        "TenantId = \"" + tenant + "\"", java.nio.charset.StandardCharsets.UTF_8));
                waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), scheduleId));
                assertThat(chromium.driver().findElement(By.tagName("body")).getText()).contains("TenantId");
                chromium.screenshot(SCREENSHOTS.resolve("4-schedules.png"));
                chromium.driver().get(uiUrl);
                waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "ScheduledComputeJob"));
                chromium.screenshot(SCREENSHOTS.resolve("5-schedule.png"));
                assertThat(chromium.driver().findElement(By.tagName("body")).getText()).contains(scheduleId);
            } finally {
                chromium.screenshot(SCREENSHOTS.resolve("schedules-end.png"));
            }
        }
    }

    private void refused(String cron, String zone, Map<String, Object> params, String collection, String code,
            String field) {
        var error = Api.rejected(admin.document("""
                mutation($c: ID!, $p: JSON!, $cron: String!, $z: String) {
                  scheduleComputeJob(kind: IMPORT, collectionId: $c, params: $p, cron: $cron, timeZone: $z) { id } }""")
                .variable("c", collection).variable("p", params).variable("cron", cron).variable("z", zone).execute(), code);
        if (field != null) {
            assertThat(error.getExtensions()).as(cron + " " + zone + " " + params).containsEntry("field", field);
        }
    }

    private Map<String, Object> schedule(HttpGraphQlTester who, String collection, String csv, String cron) {
        @SuppressWarnings("unchecked")
        Map<String, Object> created = who.document("mutation($c: ID!, $p: JSON!, $cron: String!) { "
                        + "scheduleComputeJob(kind: IMPORT, collectionId: $c, params: $p, cron: $cron) { " + SCHEDULE_FIELDS + " } }")
                .variable("c", collection).variable("p", Map.of("format", "CSV", "data", csv)).variable("cron", cron)
                .execute().path("scheduleComputeJob").entity(Map.class).get();
        return created;
    }

    private static String scheduleWith(HttpGraphQlTester who, String collection, Map<String, Object> params, String cron,
            String zone, String commandId) {
        return who.document("""
                mutation($c: ID!, $p: JSON!, $cron: String!, $z: String, $k: ID) {
                  scheduleComputeJob(kind: IMPORT, collectionId: $c, params: $p, cron: $cron, timeZone: $z, commandId: $k) { id } }""")
                .variable("c", collection).variable("p", params).variable("cron", cron).variable("z", zone)
                .variable("k", commandId).execute().path("scheduleComputeJob.id").entity(String.class).get();
    }

    private static Map<String, Object> mutate(HttpGraphQlTester who, String call, String id) {
        String field = call.substring(0, call.indexOf('('));
        var response = who.document("mutation($id: ID!) { " + call + (field.startsWith("delete") ? "" : " { " + SCHEDULE_FIELDS + " }")
                + " }").variable("id", id).execute();
        if (field.startsWith("delete")) {
            response.path(field).entity(Boolean.class).isEqualTo(true);
            return Map.of();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> node = response.path(field).entity(Map.class).get();
        return node;
    }

    private static Map<String, Object> get(HttpGraphQlTester who, String id) {
        @SuppressWarnings("unchecked")
        Map<String, Object> node = who.document("query($id: ID!) { computeJobSchedule(id: $id) { " + SCHEDULE_FIELDS + " } }")
                .variable("id", id).execute().path("computeJobSchedule").entity(Map.class).get();
        return node;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> runs(HttpGraphQlTester who, String id) {
        return (List<Map<String, Object>>) get(who, id).get("recentRuns");
    }

    private static List<String> listed(HttpGraphQlTester who) {
        return who.document("{ computeJobSchedules { id } }").execute().path("computeJobSchedules[*].id")
                .entityList(String.class).get();
    }

    private static List<Instant> instants(Object values) {
        return ((List<?>) values).stream().map(value -> Instant.parse((String) value)).toList();
    }

    private Set<String> workflows(String query) {
        return temporal.blockingStub().listWorkflowExecutions(ListWorkflowExecutionsRequest.newBuilder()
                        .setNamespace("default").setQuery(query).setPageSize(100).build())
                .getExecutionsList().stream().map(info -> info.getExecution().getWorkflowId()).collect(Collectors.toSet());
    }

    private Set<String> schedulesOf(UUID owner) {
        return temporal.blockingStub().listSchedules(ListSchedulesRequest.newBuilder().setNamespace("default")
                        .setQuery("TenantId = '" + owner + "'").setMaximumPageSize(100).build())
                .getSchedulesList().stream().map(entry -> entry.getScheduleId()).collect(Collectors.toSet());
    }

    private WorkflowExecutionStatus status(String workflowId) {
        return temporal.blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace("default").setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId)).build())
                .getWorkflowExecutionInfo().getStatus();
    }

    private static List<String> names(HttpGraphQlTester who, String collection) {
        return who.document("query($c: ID!) { entities(collectionId: $c, first: 100) { edges { node { id } } } }")
                .variable("c", collection).execute().path("entities.edges[*].node.id").entityList(String.class).get();
    }

    private static void awaitStatus(HttpGraphQlTester who, String job, String... statuses) {
        List<String> wanted = List.of(statuses);
        await(() -> {
            var response = who.document("query($id: ID!) { computeJob(id: $id) { status } }").variable("id", job)
                    .execute().returnResponse();
            return response.getErrors().isEmpty() && wanted.contains(response.field("computeJob.status").getValue());
        }, Duration.ofMinutes(2), "job " + job + " to reach " + wanted);
    }

    /** Like {@link Api#eventually}, asking every 250 ms (each ask here is a call to Temporal). */
    private static void await(BooleanSupplier condition, Duration within, String what) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            pause(Duration.ofMillis(250));
        }
    }

    private static void pause(Duration duration) {
        reactor.core.publisher.Mono.delay(duration).block();
    }
}
