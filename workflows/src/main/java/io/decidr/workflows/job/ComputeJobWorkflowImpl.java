package io.decidr.workflows.job;

import io.decidr.workflows.WorkflowSearchAttributes;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;

/**
 * Runs a job's chunks, then records how it ended. Every step is tried a finite number of times: the job's steps
 * (begin, each chunk, the compensation) as its {@link JobRetry} says, the records of its progress and outcome
 * {@link #REPORT_ATTEMPTS} times. A step that fails on its last attempt fails the job: it is compensated and
 * recorded FAILED with a {@link JobFailure}'s notice, the detail logged under the notice's incident id.
 */
public class ComputeJobWorkflowImpl implements ComputeJobWorkflow {

    /** Progress reaches the job's read model at most this often (and once at the end). */
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);
    /** Chunks per run; then the workflow continues as new, so its history stays bounded on any collection size. */
    static final int CHUNKS_PER_RUN = 25;
    /** The failure type of a job stopped by one of its items. */
    static final String JOB_FAILED = "JobFailed";
    /**
     * Tries of a record of the job's progress or outcome (about 13 minutes): more patient than the job's own steps,
     * since a job whose outcome is never recorded shows RUNNING for good.
     */
    static final int REPORT_ATTEMPTS = 30;
    /** The activities that record the job's progress and outcome (the others are the job's own steps). */
    private static final Set<String> REPORTS = Set.of("Progress", "Complete", "Fail", "Cancelled");

    private static final Logger log = Workflow.getLogger(ComputeJobWorkflowImpl.class);

    private final JobActivities reports = Workflow.newActivityStub(JobActivities.class, ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(30))
            .setRetryOptions(RetryOptions.newBuilder().setMaximumInterval(Duration.ofSeconds(30))
                    .setMaximumAttempts(REPORT_ATTEMPTS)
                    .setDoNotRetry(JobRetry.REJECTION).build())
            .build());

    private JobCounters counters = JobCounters.NONE;

    @Override
    public JobCounters run(JobInput job) {
        counters = job.counters();
        // the job's own steps, tried as often as its kind's setting (carried in the input) says
        JobActivities steps = Workflow.newActivityStub(JobActivities.class, ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(30))
                .setRetryOptions(job.retry().options())
                .build());
        JobActivities work = Workflow.newActivityStub(JobActivities.class, ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(10))
                // heartbeats go out at most every 80% of this: a cancel reaches a chunk within ~8 s
                .setHeartbeatTimeout(Duration.ofSeconds(10))
                // a cancel waits for the chunk to stop (at its next heartbeat) before compensating
                .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
                .setRetryOptions(job.retry().options())
                .build());
        Workflow.upsertTypedSearchAttributes(WorkflowSearchAttributes.JOB_STATUS.valueSet("RUNNING"));
        try {
            if (!job.started()) {
                counters = counters.withTotal(steps.begin(job));
                log.info("job {} ({}) starts on collection {}: {} items", job.jobId(), job.kind(), job.collectionId(),
                        counters.total());
            }
            String position = job.position();
            long reported = Workflow.currentTimeMillis();
            for (int chunk = 1; ; chunk++) {
                ChunkResult result = work.process(job, position);
                counters = counters.plus(result);
                if (result.failure() != null) {
                    throw ApplicationFailure.newNonRetryableFailure(result.failure(), JOB_FAILED);
                }
                position = result.next();
                if (position == null) {
                    break;
                }
                if (Workflow.currentTimeMillis() - reported >= PROGRESS_EVERY.toMillis()) {
                    reports.progress(job, counters);
                    reported = Workflow.currentTimeMillis();
                }
                if (chunk >= CHUNKS_PER_RUN) {
                    reports.progress(job, counters);
                    log.info("job {} continues as new at {} ({} done)", job.jobId(), position, counters.done());
                    Workflow.continueAsNew(job.continueAt(position, counters));
                }
            }
            reports.progress(job, counters);
            reports.complete(job, counters);
            Workflow.upsertTypedSearchAttributes(WorkflowSearchAttributes.JOB_STATUS.valueSet("COMPLETED"));
            log.info("job {} completed: {}", job.jobId(), counters);
            return counters;
        } catch (TemporalFailure failure) {
            UUID incident = incident();
            if (failure instanceof CanceledFailure || failure.getCause() instanceof CanceledFailure) {
                Workflow.newDetachedCancellationScope(() -> {
                    reports.progress(job, counters);
                    long restored = compensate(work, job, incident);
                    if (restored < 0) {
                        reports.fail(job, new JobFailure.StepFailed("undoing the job's changes after its cancel", "failed")
                                .notice(0, incident).text());
                        Workflow.upsertTypedSearchAttributes(WorkflowSearchAttributes.JOB_STATUS.valueSet("FAILED"));
                        return;
                    }
                    reports.cancelled(job, restored, true);
                    Workflow.upsertTypedSearchAttributes(WorkflowSearchAttributes.JOB_STATUS.valueSet("COMPENSATED"));
                    log.info("job {} cancelled after {} items; {} restored", job.jobId(), counters.done(), restored);
                }).run();
                throw failure;
            }
            JobFailure why = JobFailure.of(failure, counters.done(),
                    type -> REPORTS.contains(type) ? REPORT_ATTEMPTS : job.retry().maxAttempts());
            if (why.logged()) {
                log.error("job {} ({}) failed after {} items: {}; incident {}", job.jobId(), job.kind(), counters.done(),
                        why.message(), incident, failure);
            }
            Workflow.newDetachedCancellationScope(() -> {
                long restored = compensate(work, job, incident);
                String notice = why.notice(restored, incident).text();
                reports.fail(job, notice);
                Workflow.upsertTypedSearchAttributes(WorkflowSearchAttributes.JOB_STATUS.valueSet("FAILED"));
                log.warn("job {} failed: {}", job.jobId(), notice);
            }).run();
            throw failure;
        }
    }

    /**
     * The id the run's failure is logged under: derived from the run, since {@code Workflow.randomUUID()} would take
     * a number from the sequence activity ids are drawn from and so change the ids of the activities after it (and
     * the replay of histories recorded before).
     */
    private static UUID incident() {
        var info = Workflow.getInfo();
        return UUID.nameUUIDFromBytes(("incident/" + info.getWorkflowId() + "/" + info.getRunId())
                .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Undoes what the job did; answers how many items were put back, or -1 when compensation failed on its last
     * attempt (logged under {@code incident}): the outcome is recorded either way.
     */
    private long compensate(JobActivities work, JobInput job, UUID incident) {
        try {
            return work.compensate(job);
        } catch (ActivityFailure failed) {
            log.error("job {} ({}): undoing its changes failed; incident {}", job.jobId(), job.kind(), incident, failed);
            return -1;
        }
    }

    @Override
    public JobCounters progress() {
        return counters;
    }
}
