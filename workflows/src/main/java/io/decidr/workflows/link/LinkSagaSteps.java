package io.decidr.workflows.link;

import io.decidr.workflows.saga.Refusal;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Saga;
import io.temporal.workflow.Workflow;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * The shape both sagas share: register the compensation, run the first step, run the second; on a refusal,
 * compensate in a detached cancellation scope (so that cancelling the workflow never skips it) and answer the
 * refusal. A failure that is not a refusal (activities out of retries) is compensated too, then rethrown.
 */
final class LinkSagaSteps {

    private LinkSagaSteps() {
    }

    static LinkOutcome run(Logger log, String what, LinkRequest request, Function<LinkRequest, StepResult> compensation,
            Function<LinkRequest, StepResult> first, Function<LinkRequest, StepResult> second) {
        Saga saga = new Saga(new Saga.Options.Builder().build());
        try {
            saga.addCompensation(compensation::apply, request);
            StepResult source = first.apply(request);
            StepResult target = second.apply(request);
            log.info("{} {} -> {} done (source v{}, target v{})", what, request.sourceId(), request.targetId(),
                    source.version(), target.version());
            return LinkOutcome.done(source, target);
        } catch (ActivityFailure failure) {
            Workflow.newDetachedCancellationScope(saga::compensate).run();
            Refusal refusal = Refusal.of(failure);
            if (refusal == null) {
                log.warn("{} {} -> {} failed and was compensated: {}", what, request.sourceId(), request.targetId(),
                        failure.getMessage());
                throw failure;
            }
            log.info("{} {} -> {} refused ({}: {}) and compensated", what, request.sourceId(), request.targetId(),
                    refusal.code(), refusal.message());
            return LinkOutcome.refused(refusal);
        }
    }
}
