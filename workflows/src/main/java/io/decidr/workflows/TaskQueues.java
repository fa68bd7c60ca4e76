package io.decidr.workflows;

import java.util.List;

/**
 * The task queues the worker role polls. Two, so that long jobs never hold up short sagas:
 *
 * <ul>
 *   <li>{@link #SAGAS}: short workflows a user waits for (changes that span aggregates, with compensation);
 *       their activities are quick {@code CommandBus} calls and latency matters.</li>
 *   <li>{@link #JOBS}: users' long-running jobs (heartbeating activities, {@code continueAsNew}); they may hold
 *       their worker's slots for minutes, so they get slots of their own and can be scaled, limited or run in
 *       separate worker processes without touching the sagas.</li>
 * </ul>
 *
 * <p>A workflow's activities run on its own queue unless its activity options say otherwise. The names are
 * part of the running system: workflows in flight keep polling the queue they started on, so renaming one
 * strands them.
 */
public final class TaskQueues {

    public static final String SAGAS = "decidr-sagas";
    public static final String JOBS = "decidr-jobs";

    /** Every queue the worker role polls. */
    public static final List<String> ALL = List.of(SAGAS, JOBS);

    private TaskQueues() {
    }
}
