/**
 * Compute jobs on a Temporal schedule ({@code schedule/<tenant>/<id>}): {@link io.decidr.workflows.schedule.JobScheduleClient}
 * creates, lists, pauses, resumes, triggers and deletes them for the API; each run is a
 * {@link io.decidr.workflows.schedule.ScheduledJobWorkflow} that requests an ordinary job as the schedule's user and
 * runs it as its child {@code ComputeJob} workflow.
 */
package io.decidr.workflows.schedule;
