package io.decidr.workflows.job;

import io.decidr.application.handlers.CollectionHandler;
import io.decidr.application.handlers.JobHandler;
import io.decidr.application.handlers.Requester;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.failure.FailureNotice;
import io.decidr.domain.job.JobDecider;
import io.decidr.domain.job.JobId;
import io.decidr.domain.job.JobKind;
import io.decidr.eventstore.upload.Upload;
import io.decidr.eventstore.upload.UploadStore;
import io.decidr.workflows.TemporalCalls;
import io.decidr.workflows.saga.WorkflowRuns;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Starts and cancels compute jobs. A start checks the parameters against the collection (so a job never starts on
 * parameters it cannot run), records the request on the job's aggregate, then starts its workflow
 * {@code job/<tenant>/<job>} with its kind's retries; the same command id finds the same
 * job and workflow again.
 */
public final class ComputeJobClient {

    /** The code of a job recorded as failed because its workflow never started. */
    public static final String NOT_STARTED = "JOB_NOT_STARTED";

    private static final Logger log = LoggerFactory.getLogger(ComputeJobClient.class);

    private final WorkflowClient client;
    private final JobHandler jobs;
    private final CollectionHandler collections;
    private final Function<JobKind, JobRetry> retries;
    private final UploadStore uploads;
    private final int chunksPerRun;

    /**
     * @param retries      how each step of a job of a kind is retried (fixed in the job's input when it starts)
     * @param chunksPerRun chunks a run of a job's workflow works through before it continues as new (0: the default)
     */
    public ComputeJobClient(WorkflowClient client, JobHandler jobs, CollectionHandler collections,
            Function<JobKind, JobRetry> retries, UploadStore uploads, int chunksPerRun) {
        if (chunksPerRun < 0 || chunksPerRun > JobInput.MAX_CHUNKS_PER_RUN) {
            throw new IllegalArgumentException("decidr.jobs.chunks-per-run must be 1 to " + JobInput.MAX_CHUNKS_PER_RUN
                    + ", not " + chunksPerRun);
        }
        this.client = client;
        this.jobs = jobs;
        this.collections = collections;
        this.retries = retries;
        this.uploads = uploads;
        this.chunksPerRun = chunksPerRun;
    }

    /** @return the job's id */
    public Mono<UUID> start(Requester requester, JobKind kind, CollectionId collection, String parameters, UUID commandId) {
        return request(requester, kind, collection, parameters, commandId)
                .flatMap(job -> TemporalCalls.call(() -> startWorkflow(job))
                        .onErrorResume(notStarted -> failUnstarted(requester, job.job(), notStarted)));
    }

    /**
     * Checks a job's parameters against the collection and records its request, without starting its workflow: what
     * {@link #start} does first, and what a schedule's run does before it runs the job as its child.
     *
     * @return the job's workflow input
     */
    public Mono<JobInput> request(Requester requester, JobKind kind, CollectionId collection, String parameters,
            UUID commandId) {
        // cheapest first: who asks, then how much, and only then parse (an import's rows, a formula's CEL)
        JobDecider.requireMayRun(requester.actor());
        requireParametersSize(parameters);
        return collections.existing(requester, collection)
                .flatMap(state -> uploadNamed(requester, kind, parameters)
                        .doOnNext(upload -> {
                            JobParameters.parse(kind, parameters, state.schema(), upload);
                            upload.map(Upload::job)
                                    .filter(claimedBy -> !claimedBy.equals(JobHandler.requestedBy(requester, commandId).value()))
                                    .ifPresent(claimedBy -> {
                                        throw Rejection.validation("params.upload", "upload " + upload.get().id()
                                                + " is imported by job " + claimedBy + " already");
                                    });
                        }))
                .then(jobs.request(requester, kind, collection, parameters, commandId))
                .map(requested -> JobInput.first(requester, new JobId(requested.id()), kind, collection,
                        retries.apply(kind), chunksPerRun));
    }

    /**
     * Checks parameters as {@link #request} does, without recording anything: what a schedule's creation checks.
     */
    public Mono<Void> check(Requester requester, JobKind kind, CollectionId collection, String parameters) {
        JobDecider.requireMayRun(requester.actor());
        requireParametersSize(parameters);
        return collections.existing(requester, collection)
                .flatMap(state -> uploadNamed(requester, kind, parameters)
                        .doOnNext(upload -> JobParameters.parse(kind, parameters, state.schema(), upload)))
                .then();
    }

    /** The upload an import names, looked up among the requester's tenant's (empty inside when there is none). */
    private Mono<Optional<Upload>> uploadNamed(Requester requester, JobKind kind, String parameters) {
        Optional<UUID> named = kind == JobKind.IMPORT ? JobParameters.uploadOf(parameters) : Optional.empty();
        return named.map(id -> uploads.find(requester.tenant().value(), id).map(Optional::of)
                        .defaultIfEmpty(Optional.empty()))
                .orElse(Mono.just(Optional.empty()));
    }

    private static void requireParametersSize(String parameters) {
        if (parameters.length() > JobDecider.MAX_PARAMETERS_LENGTH) {
            throw Rejection.validation("params", "params has " + parameters.length() + " characters; at most "
                    + JobDecider.MAX_PARAMETERS_LENGTH + " are accepted");
        }
    }

    /**
     * A job whose workflow could not be started (Temporal unreachable, say) would otherwise stay REQUESTED for good:
     * it is recorded as failed, and the caller told. Sending the command again starts a new job.
     */
    private Mono<UUID> failUnstarted(Requester requester, JobId job, Throwable notStarted) {
        UUID tenant = requester.tenant().value();
        // what Temporal or gRPC said is for operators: logged under the incident id, never recorded on the job
        UUID incident = UUID.randomUUID();
        log.error("job {} of tenant {}: its workflow could not be started; incident {}", job, tenant, incident, notStarted);
        String why = FailureNotice.of(NOT_STARTED, "its workflow could not be started", incident).text();
        return jobs.fail(JobInput.worker(tenant), job, why, JobInput.commandId(tenant, job.value(), "fail-unstarted", ""))
                // it ended: an import's parameters (inline rows) are not kept, as when a started job ends
                .then(jobs.forgetParameters(JobInput.worker(tenant), job))
                .onErrorResume(alsoFailed -> {
                    log.error("job {}: recording that it did not start failed too; incident {}", job, incident, alsoFailed);
                    return Mono.empty();
                })
                .then(Mono.error(new JobNotStarted(job, incident, notStarted)));
    }

    /** The job is recorded (as failed) but its workflow never started. */
    public static final class JobNotStarted extends RuntimeException {

        private final JobId job;
        private final UUID incident;

        JobNotStarted(JobId job, UUID incident, Throwable cause) {
            super("job " + job + " could not be started (Temporal did not take its workflow); it is recorded as failed,"
                    + " try again later; incident " + incident, cause);
            this.job = job;
            this.incident = incident;
        }

        public JobId job() {
            return job;
        }

        /** The id the failure is logged under. */
        public UUID incident() {
            return incident;
        }
    }

    private UUID startWorkflow(JobInput job) {
        try {
            WorkflowClient.start(client.newWorkflowStub(ComputeJobWorkflow.class, JobWorkflows.options(job))::run, job);
        } catch (WorkflowExecutionAlreadyStarted sameCommand) {
            // the command was sent again: its job runs (or ran) already
        }
        return job.jobId();
    }

    /** Records the cancel request, then cancels the workflow, which compensates and records how it ended. */
    public Mono<Void> cancel(Requester requester, JobId job, UUID commandId) {
        return jobs.requestCancel(requester, job, commandId)
                .then(Mono.fromRunnable(() -> {
                    try {
                        WorkflowRuns.existing(client, ComputeJobWorkflow.class,
                                JobInput.workflowId(requester.tenant().value(), job.value())).cancel();
                    } catch (WorkflowNotFoundException ended) {
                        // it ended meanwhile: what it did stands, as recorded
                    }
                }).subscribeOn(Schedulers.boundedElastic()))
                .then();
    }
}
