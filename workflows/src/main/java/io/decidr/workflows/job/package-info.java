/**
 * Users' compute jobs (IMPORT, FORMULA, ROLLUP) as Temporal workflows: one workflow per job
 * ({@code job/<tenant>/<job id>}), working through its items in chunks of a heartbeating activity that resumes from
 * its last heartbeat, reporting progress to the ComputeJob aggregate at most every few seconds, continuing as new
 * every few chunks, and compensating on cancel or failure. Every effect on an entity is a command whose id is
 * derived from the job id and the item, so a chunk that runs again changes nothing it already changed.
 */
package io.decidr.workflows.job;
