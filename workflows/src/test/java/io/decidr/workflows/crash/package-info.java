/**
 * Crash tests of the worker role: a Temporal worker in a JVM of its own ({@link io.decidr.workflows.crash.WorkerChild}),
 * against the dev server and the event store on PostgreSQL, killed with SIGKILL in the middle of link sagas and of a
 * compute job and restarted; every saga must link or compensate, the job must finish, and each effect must be in the
 * event store exactly once ({@link io.decidr.workflows.crash.WorkerKillIT}).
 */
package io.decidr.workflows.crash;
