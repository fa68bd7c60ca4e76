package io.decidr.workflows.job;

import static io.decidr.workflows.job.JobChunks.block;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.decidr.application.handlers.CollectionHandler;
import io.decidr.application.handlers.EntityHandler;
import io.decidr.application.handlers.JobHandler;
import io.decidr.domain.collection.CollectionSchema;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.job.JobKind;
import io.decidr.domain.job.JobRequested;
import io.decidr.domain.job.JobSummary;
import io.decidr.eventstore.CollectionMembership;
import io.decidr.eventstore.upload.Upload;
import io.decidr.eventstore.upload.UploadStore;
import io.decidr.workflows.saga.Refusal;
import io.temporal.activity.Activity;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The compute jobs' activities: a job's life (started, progress, completed, failed, cancelled or compensated, each
 * recorded on the job by a command with an id of its own that a retry repeats) around the work of its kind
 * ({@link JobWork}: {@link ImportJob}, {@link FormulaJob}, {@link RollupJob}), made from the parameters of the job's
 * request. A step the domain refuses fails with its {@link Refusal}, never retried.
 */
public final class ComputeJobActivities implements JobActivities {

    private final JobHandler jobs;
    private final JobChunks chunks;
    /** Each running job's work, made once from its parameters (which never change once requested). */
    private final Cache<UUID, JobWork> works = Caffeine.newBuilder().maximumSize(64).build();

    /**
     * @param members           a collection's entities as the log lists them (FORMULA and ROLLUP)
     * @param maxItemsPerSecond how fast one job may go (0: as fast as it can), to keep a big job from crowding out
     *                          users' own commands
     */
    public ComputeJobActivities(JobHandler jobs, EntityHandler entities, CollectionHandler collections,
            CollectionMembership members, UploadStore uploads, int maxItemsPerSecond) {
        this(jobs, entities, collections, members, uploads, maxItemsPerSecond, JobObserver.NONE);
    }

    /** @param observer told how many items each window of a job did, for metrics */
    public ComputeJobActivities(JobHandler jobs, EntityHandler entities, CollectionHandler collections,
            CollectionMembership members, UploadStore uploads, int maxItemsPerSecond, JobObserver observer) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.chunks = new JobChunks(entities, collections, members, uploads, maxItemsPerSecond, observer);
    }

    @Override
    public long begin(JobInput job) {
        return Refusal.refusing(() -> {
            long total = work(job).begin(job);
            var info = Activity.getExecutionContext().getInfo();
            block(jobs.start(job.worker(), job.job(), total, info.getWorkflowId(), info.getRunId(),
                    job.commandId("start", "")));
            return total;
        });
    }

    @Override
    public ChunkPlan plan(JobInput job, String from, int chunks) {
        return Refusal.refusing(() -> work(job).plan(job, from, chunks));
    }

    @Override
    public ChunkResult process(JobInput job, String from) {
        return Refusal.refusing(() -> work(job).process(job, from, Activity.getExecutionContext()));
    }

    @Override
    public void progress(JobInput job, JobCounters counters) {
        Refusal.refusing(() -> {
            block(jobs.progress(job.worker(), job.job(), counters.done(), counters.total(), counters.lastError(),
                    job.commandId("progress", Long.toString(counters.done()))));
        });
    }

    @Override
    public void complete(JobInput job, JobCounters counters) {
        Refusal.refusing(() -> {
            block(jobs.complete(job.worker(), job.job(), new JobSummary(counters.created(), counters.updated(),
                    counters.skipped()), job.commandId("complete", "")));
            ended(job);
        });
    }

    @Override
    public void fail(JobInput job, String error) {
        Refusal.refusing(() -> {
            block(jobs.fail(job.worker(), job.job(), error, job.commandId("fail", "")));
            ended(job);
        });
    }

    @Override
    public void cancelled(JobInput job, long restored, boolean compensated) {
        Refusal.refusing(() -> {
            block(compensated ? jobs.compensated(job.worker(), job.job(), restored, job.commandId("compensated", ""))
                    : jobs.cancelled(job.worker(), job.job(), job.commandId("cancelled", "")));
            ended(job);
        });
    }

    @Override
    public long compensate(JobInput job) {
        return Refusal.refusing(() -> {
            JobWork work;
            try {
                work = work(job);
            } catch (Rejection uploadGone) {
                // an import of an upload that another job had, or that was gone, stopped at its start: it created nothing
                if (job.kind() == JobKind.IMPORT) {
                    return 0L;
                }
                throw uploadGone;
            }
            return work.compensate(job, Activity.getExecutionContext());
        });
    }

    /**
     * The job's end is recorded: an import's file is deleted and its parameters' key erased (an attempt again finds
     * nothing to delete).
     */
    private void ended(JobInput job) {
        if (job.kind() == JobKind.IMPORT) {
            ImportJob.ended(chunks, job);
            block(jobs.forgetParameters(job.requester(), job.job()));
        }
    }

    /** The job's work, from the parameters of its request checked against its collection's schema. */
    private JobWork work(JobInput job) {
        return works.get(job.jobId(), id -> {
            JobRequested requested = block(jobs.requested(job.requester(), job.job()));
            CollectionSchema schema = chunks.schema(job);
            Optional<Upload> upload = JobParameters.uploadOf(requested.parameters())
                    .flatMap(named -> Optional.ofNullable(block(chunks.uploads.find(job.tenantId(), named))));
            return JobWork.of(JobParameters.parse(job.kind(), requested.parameters(), schema, upload), chunks);
        });
    }
}
