package io.decidr.workflows.job;

import io.decidr.workflows.WorkflowSearchAttributes;
import io.decidr.workflows.saga.Refusal;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;

/**
 * Runs a job's chunks, then records how it ended. Every step is tried a finite number of times: the job's steps
 * (begin, each chunk, the compensation) as its {@link JobRetry} says, the records of its progress and outcome
 * {@link #REPORT_ATTEMPTS} times. A step that fails on its last attempt fails the job: it is compensated and
 * recorded FAILED with a {@link JobFailure}'s notice, the detail logged under the notice's incident id.
 *
 * <p>About 290 lines: one workflow's deterministic code (chunks side by side, progress, continue-as-new, cancel and
 * compensation) reads top to bottom as Temporal replays it; what each kind of job does is in {@link JobWork}.
 */
public class ComputeJobWorkflowImpl implements ComputeJobWorkflow {

    /** Progress reaches the job's read model at most this often (and once at the end). */
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);
    /**
     * Chunks per run of a job started before chunks ran side by side ({@link #SEQUENTIAL}); then the workflow continues
     * as new, so its history stays bounded on any collection size.
     */
    static final int CHUNKS_PER_RUN = 25;
    /** Chunks of one job running at once (each sends its items' commands in windows, see the activities). */
    static final int CHUNKS_AT_ONCE = 4;
    /** The change id of chunks run side by side, planned ahead ({@link JobActivities#plan}). */
    static final String PARALLEL_CHUNKS = "parallel-chunks";
    /** The version of runs started before {@link #PARALLEL_CHUNKS}: one chunk after the other. */
    static final int SEQUENTIAL = Workflow.DEFAULT_VERSION;
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
                    .setDoNotRetry(Refusal.NOT_RETRIED).build())
            .build());

    private JobCounters counters = JobCounters.NONE;
    /** Chunks started and not yet counted, oldest first. */
    private final List<RunningChunk> running = new ArrayList<>();

    /**
     * A chunk running in a scope of its own: a cancel of the job stops only the chunks not yet done (cancelling an
     * activity that is completing is refused by some servers, which then stall the run).
     */
    private record RunningChunk(Promise<ChunkResult> result, CancellationScope scope) {
    }

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
            int version = Workflow.getVersion(PARALLEL_CHUNKS, SEQUENTIAL, 1);
            if (version == SEQUENTIAL) {
                chunkAfterChunk(job, work);
            } else {
                chunksSideBySide(job, steps, work);
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
                    settle(true);
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
                settle(false);
                long restored = compensate(work, job, incident);
                String notice = why.notice(restored, incident).text();
                reports.fail(job, notice);
                Workflow.upsertTypedSearchAttributes(WorkflowSearchAttributes.JOB_STATUS.valueSet("FAILED"));
                log.warn("job {} failed: {}", job.jobId(), notice);
            }).run();
            throw failure;
        }
    }

    /** One chunk after the other, each starting where the one before ended (runs started before version 1). */
    private void chunkAfterChunk(JobInput job, JobActivities work) {
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
                return;
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
    }

    /**
     * Up to {@link #CHUNKS_AT_ONCE} chunks at once, planned ahead, counted in the order they start. A chunk that fails
     * the job stops new ones; those already running finish and are counted before the job is compensated. A run
     * continues as new once {@link JobInput#chunksPerRun()} chunks are done and none runs, at the next unstarted one.
     */
    private void chunksSideBySide(JobInput job, JobActivities steps, JobActivities work) {
        List<String> planned = new ArrayList<>();
        String planFrom = job.position();
        boolean planEnded = false;
        boolean oneAtATime = false;
        int started = 0;
        long reported = Workflow.currentTimeMillis();
        while (true) {
            while (running.size() < (oneAtATime ? 1 : CHUNKS_AT_ONCE) && started < job.chunksPerRun()) {
                if (planned.isEmpty() && !planEnded) {
                    ChunkPlan plan = steps.plan(job, planFrom, CHUNKS_AT_ONCE * 2);
                    planned.addAll(plan.starts());
                    planFrom = plan.after();
                    planEnded = planFrom == null;
                    oneAtATime = plan.oneAtATime();
                    if (oneAtATime && !running.isEmpty()) {
                        break;
                    }
                }
                if (planned.isEmpty()) {
                    break;
                }
                String from = planned.removeFirst();
                running.add(start(work, job, from));
                started++;
            }
            if (running.isEmpty()) {
                return;
            }
            Promise<ChunkResult> oldest = running.getFirst().result();
            // wakes on the job's cancel too (with a CanceledFailure): the chunks' own scopes do not hear of it
            Workflow.await(oldest::isCompleted);
            running.removeFirst();
            ChunkResult result = oldest.get();
            counters = counters.plus(result);
            if (result.failure() != null) {
                settle(false);
                throw ApplicationFailure.newNonRetryableFailure(result.failure(), JOB_FAILED);
            }
            if (Workflow.currentTimeMillis() - reported >= PROGRESS_EVERY.toMillis()) {
                reports.progress(job, counters);
                reported = Workflow.currentTimeMillis();
            }
            if (running.isEmpty() && started >= job.chunksPerRun()) {
                String next = !planned.isEmpty() ? planned.getFirst() : planFrom;
                if (next == null) {
                    return;
                }
                reports.progress(job, counters);
                log.info("job {} continues as new at {} ({} done)", job.jobId(), next, counters.done());
                Workflow.continueAsNew(job.continueAt(next, counters));
            }
        }
    }

    private static RunningChunk start(JobActivities work, JobInput job, String from) {
        List<Promise<ChunkResult>> result = new ArrayList<>(1);
        CancellationScope scope = Workflow.newDetachedCancellationScope(
                () -> result.add(Async.function(work::process, job, from)));
        scope.run();
        return new RunningChunk(result.getFirst(), scope);
    }

    /**
     * Waits for the chunks still running and counts what they did, so that the compensation comes after every change
     * of the job and its counts include them. After a failure the chunks finish; after a cancel ({@code cancelled}) the
     * chunks not yet done are cancelled here and stop at their next heartbeat.
     */
    private void settle(boolean cancelled) {
        for (RunningChunk chunk : running) {
            if (cancelled && !chunk.result().isCompleted()) {
                chunk.scope().cancel();
            }
        }
        while (!running.isEmpty()) {
            Promise<ChunkResult> chunk = running.removeFirst().result();
            try {
                counters = counters.plus(chunk.get());
            } catch (ActivityFailure | CanceledFailure stopped) {
                // a chunk stopped by the cancel, or failed for good: its changes are undone by the compensation
            }
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
