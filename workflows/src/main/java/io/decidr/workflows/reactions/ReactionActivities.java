package io.decidr.workflows.reactions;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The process managers' steps. */
@ActivityInterface
public interface ReactionActivities {

    /**
     * Unlinks the live entities that link to the archived entity, as its backlinks list them (an archived entity takes
     * no new backlinks). Nothing when the entity was restored since, or when a process archived it (the
     * archive-collection saga unlinks what it archives itself, and puts it back if it is cancelled).
     *
     * @return how many links it removed
     */
    @ActivityMethod(name = "UnlinkIncoming")
    int unlinkIncoming(ArchivedEntity archived);
}
