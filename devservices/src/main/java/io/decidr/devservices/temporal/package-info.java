/**
 * The dev profile's Temporal servers, each a process of its own run by the shared launcher:
 * <ul>
 *   <li>{@link io.decidr.devservices.temporal.TemporalCliServer}: the real server, the pinned Temporal CLI's
 *       {@code server start-dev} ({@link io.decidr.devservices.temporal.TemporalCli}), with its workflows in a
 *       SQLite file that outlives restarts, and the Web UI.</li>
 *   <li>{@link io.decidr.devservices.temporal.TemporalDevServer}: Temporal's Java test server (bound to 127.0.0.1
 *       by a small launcher, {@code io.decidr.devserver.LoopbackTestServer}, built with its classpath) on the
 *       application's JDK from the classpath the devservices module's build copies to
 *       {@code devservices/target/temporal-test-server/lib}, so the application itself never has the test server
 *       (or {@code temporal-testing}) on its classpath. It keeps everything in memory: workflows do not survive its
 *       restart. It has no UI, no visibility queries and no schedules.</li>
 * </ul>
 */
package io.decidr.devservices.temporal;
