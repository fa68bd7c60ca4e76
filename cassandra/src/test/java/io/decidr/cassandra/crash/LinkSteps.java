package io.decidr.cassandra.crash;

import io.decidr.application.handlers.EntityHandler.LinkStepKind;
import io.decidr.application.handlers.EntityHandler;
import io.decidr.application.handlers.Requester;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.entity.EntityId;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * The steps of the link and unlink sagas run in their order, for workloads that write links without a workflow
 * engine: the source's side, then the target's; a refusal there runs the step's compensation (which undoes only what
 * this command changed) and is passed on. The sagas themselves, with retries and recorded histories, are proved in
 * the workflows module.
 */
final class LinkSteps {

    private LinkSteps() {
    }

    static Mono<Void> link(EntityHandler entities, Requester by, EntityId source, String attribute, EntityId target,
            UUID commandId) {
        return run(entities, by, source, attribute, target, commandId, LinkStepKind.LINK, LinkStepKind.BACKLINK,
                LinkStepKind.UNDO_LINK);
    }

    static Mono<Void> unlink(EntityHandler entities, Requester by, EntityId source, String attribute, EntityId target,
            UUID commandId) {
        return run(entities, by, source, attribute, target, commandId, LinkStepKind.UNLINK, LinkStepKind.REMOVE_BACKLINK,
                LinkStepKind.UNDO_UNLINK);
    }

    private static Mono<Void> run(EntityHandler entities, Requester by, EntityId source, String attribute,
            EntityId target, UUID commandId, LinkStepKind first, LinkStepKind second, LinkStepKind undoFirst) {
        return entities.linkStep(by, first, source, attribute, target, commandId)
                .then(entities.linkStep(by, second, source, attribute, target, commandId))
                .onErrorResume(Rejection.class, refused -> entities.linkStep(by, undoFirst, source, attribute, target,
                        commandId).then(Mono.error(refused)))
                .then();
    }
}
