package io.decidr.workflows.archive;

import io.decidr.application.command.CommandBus;
import io.decidr.application.handlers.CollectionHandler;
import io.decidr.application.handlers.Requester;
import io.decidr.application.handlers.Result;
import io.decidr.domain.access.Authorization;
import io.decidr.domain.access.Role;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.decider.Rejection;
import io.decidr.eventstore.StreamId;
import io.decidr.eventstore.aggregates.Aggregates;
import io.decidr.workflows.TaskQueues;
import io.decidr.workflows.TemporalCalls;
import io.decidr.workflows.WorkflowSearchAttributes;
import io.decidr.workflows.archive.ArchiveProgress.Phase;
import io.decidr.workflows.saga.WorkflowRuns;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.CanceledFailure;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Archives collections through their saga, for {@code archiveCollection} and {@code cancelArchiveCollection}
 * ({@code archive-collection/<tenant>/<collection>}: one at a time per collection).
 *
 * <p>Archiving a large collection takes as long as its entities take, so the mutation answers once the saga is started
 * (after the archive's own checks, so a refusal that needs no work still answers at once), with the collection's
 * version then; clients follow the collection's {@code archived}. A caller that wants the answer after the end asks
 * for {@code consistency: STRONG}: then it answers once the saga has ended (within {@code wait}) with the collection's
 * version after the archive, or the refusal that stopped it. The same command id again finds the same run
 * ({@code duplicate}); the memo keeps the command id and the version at the start.
 */
public final class ArchiveClient {

    private static final String COMMAND_ID = "commandId";
    private static final String VERSION_AT_START = "collectionVersion";

    private final WorkflowClient client;
    private final CollectionHandler collections;
    private final CommandBus bus;
    private final Duration wait;

    public ArchiveClient(WorkflowClient client, CollectionHandler collections, CommandBus bus, Duration wait) {
        this.client = client;
        this.collections = collections;
        this.bus = bus;
        this.wait = wait;
    }

    /** Starts archiving the collection; with {@code untilDone}, answers once the saga has ended. */
    public Mono<Result> archive(Requester requester, CollectionId collection, UUID commandId, boolean untilDone) {
        ArchiveRequest request = ArchiveRequest.of(requester, collection, commandId);
        return Mono.fromCallable(() -> earlierRun(request))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(earlier -> earlier.map(Mono::just).orElseGet(() -> collections.archivable(requester, collection)
                        .then(Mono.defer(() -> bus.load(Aggregates.COLLECTION, request.caller().tenantId(), collection.value())))
                        .flatMap(loaded -> TemporalCalls.call(() -> start(request, loaded.version())))))
                .flatMap(started -> untilDone ? ended(request, started) : Mono.just(started.answer(request)));
    }

    /**
     * Asks the collection's archive saga to stop, and answers once it has ended: true when it stopped and put back what
     * it had done; false when none was under way, or it had already begun archiving the collection itself (then it
     * finishes).
     */
    public Mono<Boolean> cancelArchive(Requester requester, CollectionId collection) {
        String workflowId = ArchiveRequest.workflowId(requester.tenant().value(), collection.value());
        return Mono.fromRunnable(() -> Authorization.requireRole(requester.actor(), "stop archiving collections", Role.ADMIN))
                .then(Mono.defer(() -> collections.existing(requester, collection)))
                .publishOn(Schedulers.boundedElastic())
                .map(exists -> {
                    WorkflowStub stub = WorkflowRuns.existing(client, ArchiveCollectionWorkflow.class, workflowId);
                    if (WorkflowRuns.describe(stub).filter(run -> run.getStatus()
                            == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING).isEmpty()) {
                        return Optional.<WorkflowStub>empty();
                    }
                    stub.cancel();
                    return Optional.of(stub);
                })
                .flatMap(cancelled -> cancelled.map(stub -> Mono.fromFuture(() -> stub.getResultAsync(wait.toMillis(),
                                        TimeUnit.MILLISECONDS, ArchiveOutcome.class))
                                .map(outcome -> false)
                                .onErrorResume(WorkflowFailedException.class, stopped -> Mono.fromCallable(
                                        () -> progress(workflowId).phase() == Phase.CANCELLED)
                                        .subscribeOn(Schedulers.boundedElastic()))
                                .onErrorMap(TimeoutException.class, e -> new IllegalStateException("the ArchiveCollection"
                                        + " workflow " + workflowId + " did not stop within " + wait, e)))
                        .orElseGet(() -> Mono.just(false)));
    }

    private record Started(WorkflowStub stub, long versionAtStart, boolean duplicate) {

        Result answer(ArchiveRequest request) {
            return new Result(request.collectionId(), versionAtStart, duplicate,
                    Aggregates.COLLECTION.stream(request.caller().tenantId(), request.collectionId()), null);
        }
    }

    /** The run this command started before, if the workflow id's latest run is it. */
    private Optional<Started> earlierRun(ArchiveRequest request) {
        WorkflowStub stub = WorkflowRuns.existing(client, ArchiveCollectionWorkflow.class, request.workflowId());
        return WorkflowRuns.describe(stub)
                .filter(run -> request.commandId().toString().equals((String) run.getMemo(COMMAND_ID, String.class)))
                .map(run -> new Started(stub, (Long) run.getMemo(VERSION_AT_START, Long.class), true));
    }

    private Started start(ArchiveRequest request, long collectionVersion) {
        WorkflowOptions options = WorkflowOptions.newBuilder()
                .setTaskQueue(TaskQueues.SAGAS)
                .setWorkflowId(request.workflowId())
                // one saga per collection at a time; again after one that was cancelled or failed
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY)
                .setTypedSearchAttributes(SearchAttributes.newBuilder()
                        .set(WorkflowSearchAttributes.TENANT_ID, request.caller().tenantId().toString())
                        .set(WorkflowSearchAttributes.COLLECTION_ID, request.collectionId().toString())
                        .build())
                .setMemo(Map.of("requestedBy", request.caller().user(), COMMAND_ID, request.commandId().toString(),
                        VERSION_AT_START, collectionVersion))
                .setStaticSummary("Archive collection " + request.collectionId() + ": its entities " + request.pageSize()
                        + " a page (unlinking live entities of other collections), then the collection; a cancel before"
                        + " the collection itself restores and re-links what it did")
                .build();
        // another command's archive of this collection under way: this one joins it, and is not its duplicate
        WorkflowRuns.Run run = WorkflowRuns.startOrJoin(client, ArchiveCollectionWorkflow.class, options,
                saga -> WorkflowClient.start(saga::archive, request, ArchiveProgress.START));
        return new Started(run.stub(), collectionVersion, false);
    }

    private Mono<Result> ended(ArchiveRequest request, Started started) {
        return WorkflowRuns.ended(new WorkflowRuns.Run(started.stub(), started.duplicate()), ArchiveOutcome.class, wait)
                .map(outcome -> {
                    if (!outcome.completed()) {
                        throw outcome.refusal().rejection();
                    }
                    return new Result(request.collectionId(), outcome.collectionVersion(), started.duplicate(),
                            new StreamId(outcome.collectionStream()), null);
                })
                .onErrorResume(WorkflowFailedException.class, stopped -> stoppedAnswer(request, started, stopped));
    }

    /**
     * A run asked to cancel closes as cancelled however it ended (Temporal's rule): its progress says whether it had
     * already archived the collection. Any other failure is the saga's, after it put everything back.
     */
    private Mono<Result> stoppedAnswer(ArchiveRequest request, Started started, WorkflowFailedException stopped) {
        if (!(stopped.getCause() instanceof CanceledFailure)) {
            return Mono.error(stopped);
        }
        return Mono.fromCallable(() -> progress(request.workflowId()))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(progress -> progress.phase() != Phase.ARCHIVED
                        ? Mono.error(Rejection.invalidState("archiving collection " + request.collectionId()
                                + " was cancelled; what it had archived is restored"))
                        : bus.load(Aggregates.COLLECTION, request.caller().tenantId(), request.collectionId())
                                .map(loaded -> new Result(request.collectionId(), loaded.version(), started.duplicate(),
                                        Aggregates.COLLECTION.stream(request.caller().tenantId(), request.collectionId()),
                                        null)));
    }

    private ArchiveProgress progress(String workflowId) {
        return WorkflowRuns.typed(client, ArchiveCollectionWorkflow.class, workflowId).progress();
    }
}
