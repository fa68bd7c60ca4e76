/**
 * Temporal workflows and activities of the platform, and what every one of them shares: the task queues the
 * workers poll ({@link io.decidr.workflows.TaskQueues}) and the search attributes operators filter on
 * ({@link io.decidr.workflows.WorkflowSearchAttributes}). Activities send commands through the
 * {@code CommandBus} with deterministic command ids, so a retried activity has its effect once.
 *
 * <p>Plain Temporal SDK code, no Spring: platform-api decides which workflow and activity types run on which
 * queue ({@code spring.temporal.workers} in its {@code application.yml}).
 */
package io.decidr.workflows;
