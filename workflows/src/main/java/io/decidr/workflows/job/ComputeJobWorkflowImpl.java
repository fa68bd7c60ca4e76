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
import java.time.Duration;
import org.slf4j.Logger;

public class ComputeJobWorkflowImpl implements ComputeJobWorkflow {

    /** Progress reaches the job's read model at most this often (and once at the end). */
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);
    /** Chunks per run; then the workflow continues as new, so its history stays bounded on any collection size. */
    static final int CHUNKS_PER_RUN = 25;
    /** The failure type of a job stopped by one of its items. */
    static final String JOB_FAILED = "JobFailed";

    private static final Logger log = Workflow.getLogger(ComputeJobWorkflowImpl.class);

    private final JobActivities reports = Workflow.newActivityStub(JobActivities.class, ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(30))
            .setRetryOptions(RetryOptions.newBuilder().setMaximumInterval(Duration.ofSeconds(30))
                    .setDoNotRetry("io.decidr.domain.decider.Rejection").build())
            .build());

    private final JobActivities work = Workflow.newActivityStub(JobActivities.class, ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(10))
            // heartbeats go out at most every 80% of this: a cancel reaches a chunk within ~8 s
            .setHeartbeatTimeout(Duration.ofSeconds(10))
            // a cancel waits for the chunk to stop (at its next heartbeat) before compensating
            .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
            .setRetryOptions(RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofSeconds(1))
                    .setMaximumInterval(Duration.ofMinutes(1))
                    .setDoNotRetry("io.decidr.domain.decider.Rejection")
                    .build())
            .build());

    private JobCounters counters = JobCounters.NONE;

    @Override
    public JobCounters run(JobInput job) {
        counters = job.counters();
        Workflow.upsertTypedSearchAttributes(WorkflowSearchAttributes.JOB_STATUS.valueSet("RUNNING"));
        try {
            if (!job.started()) {
                counters = counters.withTotal(reports.begin(job));
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
            if (failure instanceof CanceledFailure || failure.getCause() instanceof CanceledFailure) {
                Workflow.newDetachedCancellationScope(() -> {
                    reports.progress(job, counters);
                    long restored = work.compensate(job);
                    reports.cancelled(job, restored, true);
                    Workflow.upsertTypedSearchAttributes(WorkflowSearchAttributes.JOB_STATUS.valueSet("COMPENSATED"));
                    log.info("job {} cancelled after {} items; {} restored", job.jobId(), counters.done(), restored);
                }).run();
                throw failure;
            }
            String error = message(failure);
            Workflow.newDetachedCancellationScope(() -> {
                long restored = work.compensate(job);
                reports.fail(job, restored > 0 ? error + " (" + restored + " undone)" : error);
                Workflow.upsertTypedSearchAttributes(WorkflowSearchAttributes.JOB_STATUS.valueSet("FAILED"));
                log.warn("job {} failed after {} items: {}; {} undone", job.jobId(), counters.done(), error, restored);
            }).run();
            throw failure;
        }
    }

    /** What went wrong, in words: the root application failure's own message. */
    private static String message(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause instanceof ActivityFailure) {
            cause = cause.getCause();
        }
        return cause instanceof TemporalFailure temporal ? temporal.getOriginalMessage() : String.valueOf(cause.getMessage());
    }

    @Override
    public JobCounters progress() {
        return counters;
    }
}
