package io.decidr.workflows.crash;

import io.decidr.domain.entity.BacklinkAdded;
import io.decidr.domain.entity.BacklinkRemoved;
import io.decidr.domain.entity.EntityEvent;
import io.decidr.domain.entity.EntityId;
import io.decidr.eventstore.RecordedEvent;
import io.decidr.eventstore.StreamId;
import io.decidr.eventstore.aggregates.Aggregates;
import java.util.List;
import java.util.UUID;

/**
 * What one link saga left in the log: the events on its source after the source's creation (the saga's source is
 * its own, nothing else writes there), and the events on its target that name its source (targets are shared).
 *
 * @param onSource event types on the source, e.g. {@code [entity.linked, entity.unlinked]}
 * @param onTarget event types on the target naming the source, e.g. {@code [entity.backlink-added]}
 */
record SagaEffects(List<String> onSource, List<String> onTarget) {

    static SagaEffects of(PlannedSaga saga, List<RecordedEvent> log) {
        String source = stream(saga, saga.request().sourceId());
        String target = stream(saga, saga.request().targetId());
        EntityId sourceId = saga.request().source();
        List<String> onSource = log.stream()
                .filter(e -> e.stream().value().equals(source) && !e.type().equals("entity.created"))
                .map(RecordedEvent::type).toList();
        List<String> onTarget = log.stream()
                .filter(e -> e.stream().value().equals(target) && e.type().startsWith("entity.backlink-"))
                .filter(e -> names(Aggregates.ENTITY.events().decode(e), sourceId))
                .map(RecordedEvent::type).toList();
        return new SagaEffects(onSource, onTarget);
    }

    /** Steps that left an event: 0 before the saga's first, 2 once it linked (link, backlink) or compensated (link, unlink). */
    int steps() {
        return onSource.size() + onTarget.size();
    }

    private static boolean names(EntityEvent event, EntityId source) {
        return switch (event) {
            case BacklinkAdded added -> added.source().equals(source);
            case BacklinkRemoved removed -> removed.source().equals(source);
            default -> false;
        };
    }

    private static String stream(PlannedSaga saga, UUID entity) {
        return StreamId.of("entity", saga.request().tenantId(), entity).value();
    }
}
