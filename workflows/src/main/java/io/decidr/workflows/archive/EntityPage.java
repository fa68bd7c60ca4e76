package io.decidr.workflows.archive;

import io.decidr.eventstore.Checkpoint;
import java.util.List;
import java.util.UUID;

/**
 * A page of the collection's entities, in creation order.
 *
 * @param next where the next page starts (this page's last entity; where it started, when empty)
 * @param last whether no more entities were committed after this page when it was read
 */
public record EntityPage(List<UUID> entities, Checkpoint next, boolean last) {

    public EntityPage {
        entities = List.copyOf(entities);
    }
}
