/**
 * Temporal's Java test server (bound to 127.0.0.1 by a small launcher, {@code io.decidr.devserver.LoopbackTestServer},
 * built with its classpath) as a process of its own, for the dev
 * profile: {@link io.decidr.workflows.devserver.TemporalDevServer} runs it on the application's JDK from the
 * classpath the workflows module's build copies to {@code workflows/target/temporal-test-server/lib}, so the
 * application itself never has the test server (or {@code temporal-testing}) on its classpath.
 *
 * <p>The test server keeps everything in memory: workflows do not survive its restart. It has no UI, no
 * visibility queries and no schedules.
 */
package io.decidr.workflows.devserver;
