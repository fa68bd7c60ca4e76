package io.decidr.workflows.reactions;

import io.decidr.workflows.archive.EntityPage;
import io.decidr.workflows.archive.PageDone;
import io.decidr.workflows.saga.SagaOptions;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * Lists a page, purges it, moves on; continues as new every {@link RemovedAttribute#pagesPerRun()} pages. Each step is
 * idempotent (command ids from the message and the entity), so a retried page changes nothing twice. Steps retry
 * for up to 15 minutes (a database fail-over), as compensations do: what the attribute's removal implies must happen.
 */
public class PurgeRemovedAttributeWorkflowImpl implements PurgeRemovedAttributeWorkflow {

    private static final Logger log = Workflow.getLogger(PurgeRemovedAttributeWorkflowImpl.class);

    /** Retried as compensations are; a page may take longer than a step, and heartbeats after each entity. */
    private static final ActivityOptions PAGES = ActivityOptions.newBuilder(SagaOptions.COMPENSATIONS)
            .setStartToCloseTimeout(Duration.ofMinutes(2))
            .setHeartbeatTimeout(Duration.ofSeconds(10))
            .build();

    private final ReactionActivities steps = Workflow.newActivityStub(ReactionActivities.class, PAGES);

    private PurgeProgress progress = PurgeProgress.START;

    @Override
    public PurgeProgress purge(RemovedAttribute removed, PurgeProgress from) {
        progress = from == null ? PurgeProgress.START : from;
        for (int page = 0; ; page++) {
            if (page == removed.pagesPerRun()) {
                Workflow.continueAsNew(removed, progress);
            }
            EntityPage listed = steps.listEntities(removed, progress.cursor());
            PageDone done = listed.entities().isEmpty() ? new PageDone(0, 0)
                    : steps.purgeAttribute(removed, listed.entities());
            progress = progress.after(listed, done);
            if (listed.last()) {
                log.info("attribute {} of collection {} purged ({}): {} entities, {} links", removed.attributeId(),
                        removed.collectionId(), removed.trigger().messageId(), progress.entities(), progress.links());
                return progress;
            }
        }
    }

    @Override
    public PurgeProgress progress() {
        return progress;
    }
}
