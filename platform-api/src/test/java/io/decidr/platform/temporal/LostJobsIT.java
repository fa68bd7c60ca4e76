package io.decidr.platform.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.devservices.temporal.TemporalCliServer;
import io.decidr.platform.support.Api;
import io.decidr.workflows.SearchAttributeRegistration;
import io.decidr.workflows.WorkflowSearchAttributes;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.test.context.TestPropertySource;

/**
 * Jobs stay honest after Temporal loses their work: the dev server is killed in the middle of an import (SIGKILL) and
 * a new one, with none of the old one's data, takes its place. The job, shown RUNNING with its workflow gone, is marked
 * FAILED with the reason by the sweep for lost jobs; a job that runs on the new server is left alone.
 */
@TestPropertySource(properties = {
        "decidr.jobs.reconcile.enabled=true",
        "decidr.jobs.reconcile.every=1s",
        "decidr.jobs.reconcile.quiet=3s"})
class LostJobsIT extends RealTemporalServerTest {

    @Test
    void a_job_whose_workflow_the_server_lost_is_marked_failed_with_the_reason() throws IOException {
        UUID tenant = register("Lost");
        HttpGraphQlTester owner = api.as(api.token(tenant, "lena", "admin", "member"));
        String collection = collection(owner, "Rows");
        // 1,500 rows at the suite's 150 items/s: about 10 s, so the server dies in the middle
        String lost = startImport(owner, collection, 1_500);
        Api.eventually(() -> done(owner, lost) >= 150, Duration.ofMinutes(1), "the job under way");

        server.kill();
        settings = TemporalCliServer.Settings.of(settings.cli(), Files.createTempDirectory("lost-temporal"), settings.port(),
                        settings.uiPort())
                .withSearchAttributes(SearchAttributeRegistration.cliDeclarations(WorkflowSearchAttributes.ALL));
        server = new TemporalCliServer(settings).start();
        assertThat(status(owner, lost)).as("the job right after the server lost it").isEqualTo("RUNNING");

        // a job started on the new server, running while the sweep looks, is left alone
        String running = startImport(owner, collection, 600);
        Api.eventually(() -> "FAILED".equals(status(owner, lost)), Duration.ofMinutes(1), "the lost job to be marked FAILED");
        @SuppressWarnings("unchecked")
        Map<String, Object> failed = owner.document("query($id: ID!) { computeJob(id: $id) { status error errorCode done } }")
                .variable("id", lost).execute().path("computeJob").entity(Map.class).get();
        assertThat(failed.get("errorCode")).isEqualTo("JOB_LOST");
        assertThat((String) failed.get("error")).startsWith("JOB_LOST: Temporal no longer knows the job's workflow");
        assertThat((Integer) failed.get("done")).as("what it did before stays").isGreaterThanOrEqualTo(150);

        Api.eventually(() -> "COMPLETED".equals(status(owner, running)), Duration.ofMinutes(1), "the other job to complete");
        assertThat(status(owner, lost)).isEqualTo("FAILED");
    }

    private static int done(HttpGraphQlTester owner, String job) {
        var response = owner.document("query($id: ID!) { computeJob(id: $id) { done } }").variable("id", job)
                .execute().returnResponse();
        return response.getErrors().isEmpty() ? ((Number) response.field("computeJob.done").getValue()).intValue() : 0;
    }
}
