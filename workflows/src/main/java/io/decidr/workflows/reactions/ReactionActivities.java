package io.decidr.workflows.reactions;

import io.decidr.eventstore.Checkpoint;
import io.decidr.workflows.archive.EntityPage;
import io.decidr.workflows.archive.PageDone;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;
import java.util.UUID;

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

    /** The next page of the collection's entities (archived ones too), in creation order. */
    @ActivityMethod(name = "ListCollectionEntities")
    EntityPage listEntities(RemovedAttribute removed, Checkpoint after);

    /**
     * Purges the removed attribute from each entity of the page (value, links, the targets' backlinks); heartbeats
     * after each, and a retry resumes there.
     *
     * @return the entities looked at and the links removed
     */
    @ActivityMethod(name = "PurgeAttribute")
    PageDone purgeAttribute(RemovedAttribute removed, List<UUID> page);

    /** The suspended tenant's open compute jobs (requested, running or being cancelled). */
    @ActivityMethod(name = "OpenTenantJobs")
    List<UUID> openJobs(SuspendedTenant suspended);

    /**
     * Records the cancel request (as the platform, an admin of the tenant) and cancels the job's workflow, which
     * compensates; false when the job had ended meanwhile.
     */
    @ActivityMethod(name = "CancelTenantJob")
    boolean cancelJob(SuspendedTenant suspended, UUID job);
}
