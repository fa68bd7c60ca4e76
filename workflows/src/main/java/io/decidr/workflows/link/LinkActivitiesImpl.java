package io.decidr.workflows.link;

import io.decidr.application.handlers.EntityHandler.LinkStep;
import io.decidr.application.handlers.EntityHandler.LinkStepKind;
import io.decidr.application.handlers.EntityHandler;
import io.decidr.domain.decider.Rejection;
import io.decidr.workflows.saga.Refusal;
import java.time.Duration;
import java.util.Objects;

/** The steps, as commands through the {@link EntityHandler}. Activities may block: they run on the worker's threads. */
public final class LinkActivitiesImpl implements LinkActivities {

    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(8);

    private final EntityHandler entities;

    public LinkActivitiesImpl(EntityHandler entities) {
        this.entities = Objects.requireNonNull(entities, "entities");
    }

    @Override
    public StepResult addLink(LinkRequest request) {
        return run(request, LinkStepKind.LINK);
    }

    @Override
    public StepResult addBacklink(LinkRequest request) {
        return run(request, LinkStepKind.BACKLINK);
    }

    @Override
    public StepResult undoLink(LinkRequest request) {
        return run(request, LinkStepKind.UNDO_LINK);
    }

    @Override
    public StepResult removeLink(LinkRequest request) {
        return run(request, LinkStepKind.UNLINK);
    }

    @Override
    public StepResult removeBacklink(LinkRequest request) {
        return run(request, LinkStepKind.REMOVE_BACKLINK);
    }

    @Override
    public StepResult restoreLink(LinkRequest request) {
        return run(request, LinkStepKind.UNDO_UNLINK);
    }

    private StepResult run(LinkRequest request, LinkStepKind step) {
        try {
            LinkStep done = entities.linkStep(request.requester(), step, request.source(), request.attribute(),
                    request.target(), request.commandId()).block(STEP_TIMEOUT);
            Objects.requireNonNull(done, "the step answered nothing");
            return new StepResult(done.stream().value(), done.version(), done.changed());
        } catch (Rejection rejection) {
            // a refusal is an answer, not an error: never retried, and the saga reports it
            throw Refusal.failure(rejection);
        }
    }
}
