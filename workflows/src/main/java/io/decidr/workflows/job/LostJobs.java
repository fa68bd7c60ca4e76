package io.decidr.workflows.job;

import io.decidr.application.handlers.JobHandler;
import io.decidr.domain.failure.FailureNotice;
import io.decidr.domain.job.JobId;
import io.decidr.eventstore.OpenJobs;
import io.decidr.eventstore.OpenJobs.OpenJob;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Keeps the jobs honest when Temporal loses their work: a job the log shows open (requested, running or cancelling)
 * that made no progress for {@code quiet} is looked up in Temporal, and when its workflow no longer exists (the server
 * lost it) or ended without recording an outcome (terminated by an operator, timed out), the job is marked FAILED with
 * the reason. A job whose workflow still runs is left alone, however quiet. Each failure is sent with a command id of
 * its own job and cause, so two sweeps at once record it once.
 */
public final class LostJobs {

    private static final Logger log = LoggerFactory.getLogger(LostJobs.class);

    /** The failure codes a reconciled job shows. */
    public static final String LOST = "JOB_LOST";
    public static final String ENDED = "JOB_ENDED";

    /** What a sweep did to one job. */
    public record Reconciled(UUID tenant, UUID job, String code, String reason) {
    }

    /**
     * What one sweep saw.
     *
     * @param quiet  open jobs that made no progress for the quiet time
     * @param failed those of them it marked FAILED; the others' workflows still run (stuck, or slow)
     */
    public record Sweep(int quiet, List<Reconciled> failed) {

        /** Quiet jobs whose workflow still runs. */
        public int stuck() {
            return quiet - failed.size();
        }
    }

    private final OpenJobs open;
    private final WorkflowClient temporal;
    private final JobHandler jobs;
    private final Clock clock;

    public LostJobs(OpenJobs open, WorkflowClient temporal, JobHandler jobs, Clock clock) {
        this.open = Objects.requireNonNull(open, "open");
        this.temporal = Objects.requireNonNull(temporal, "temporal");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Looks at every open job quiet for {@code quiet}, marking FAILED those Temporal lost. */
    public Mono<Sweep> sweep(Duration quiet) {
        AtomicInteger seen = new AtomicInteger();
        return open.quietSince(clock.instant().minus(quiet))
                .doOnNext(job -> seen.incrementAndGet())
                .concatMap(job -> verdict(job)
                        .flatMap(reconciled -> jobs.fail(JobInput.worker(job.tenant()), new JobId(job.job()),
                                        FailureNotice.of(reconciled.code(), reconciled.reason()).text(),
                                        UUID.nameUUIDFromBytes(("reconcile " + job.job() + " " + reconciled.code())
                                                .getBytes(StandardCharsets.UTF_8)))
                                .doOnNext(result -> log.warn("job {} of tenant {} marked FAILED: {}", job.job(), job.tenant(),
                                        reconciled.reason()))
                                .thenReturn(reconciled))
                        .onErrorResume(failure -> {
                            log.warn("could not reconcile job {} of tenant {}: {}", job.job(), job.tenant(), failure.toString());
                            return Mono.empty();
                        }))
                .collectList()
                .map(failed -> new Sweep(seen.get(), failed));
    }

    /** What Temporal says of the job's workflow: empty while it runs (or cannot be asked now). */
    private Mono<Reconciled> verdict(OpenJob job) {
        String workflowId = JobInput.workflowId(job.tenant(), job.job());
        return Mono.fromCallable(() -> status(workflowId))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(status -> status
                        .filter(s -> s != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING)
                        .map(s -> Mono.just(new Reconciled(job.tenant(), job.job(), ENDED,
                                "the job's workflow ended (" + s.name().replace("WORKFLOW_EXECUTION_STATUS_", "")
                                        + ") without recording an outcome; what it did before stays")))
                        .orElseGet(Mono::empty))
                .onErrorResume(NotFound.class, notFound -> Mono.just(new Reconciled(job.tenant(), job.job(), LOST,
                        "Temporal no longer knows the job's workflow (the server lost it); what it did before stays")));
    }

    /** The status of the workflow's latest run. */
    private Optional<WorkflowExecutionStatus> status(String workflowId) {
        try {
            return Optional.of(temporal.getWorkflowServiceStubs().blockingStub()
                    .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                            .setNamespace(temporal.getOptions().getNamespace())
                            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                            .build())
                    .getWorkflowExecutionInfo().getStatus());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                throw new NotFound();
            }
            throw e;
        }
    }

    private static final class NotFound extends RuntimeException {
        NotFound() {
            super(null, null, false, false);
        }
    }
}
