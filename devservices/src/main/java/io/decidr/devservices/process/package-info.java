/**
 * The one launcher every development server runs on: {@link io.decidr.devservices.process.ServerProcess} starts a
 * server process from a {@link io.decidr.devservices.process.Launch} (command, log, readiness probe, grace period),
 * waits until it serves, starts it again when it lost a port it had picked, quotes its logs when it fails, and stops
 * it. Servers a killed launcher left behind are found by an {@link io.decidr.devservices.process.OwnerMarker} on
 * their command line or by a {@link io.decidr.devservices.process.PidFile}, and stopped the same way
 * ({@link io.decidr.devservices.process.ProcessStop}). Forked JVMs run from a
 * {@link io.decidr.devservices.process.CopiedClasspath} that the build prepared.
 *
 * <p>The per-server adapters (Cassandra, the Temporal servers) say only what is their own: command line,
 * configuration files, readiness probe, how they recognise their servers.
 */
package io.decidr.devservices.process;
