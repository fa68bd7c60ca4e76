/**
 * Development only, never in the production image: the embedded servers that {@code bin/run}, {@code bin/bench} and
 * the tests run the platform on. One launcher for forked server processes ({@link io.decidr.devservices.process})
 * and thin adapters per server: Cassandra ({@link io.decidr.devservices.cassandra}), the Temporal servers
 * ({@link io.decidr.devservices.temporal}), PostgreSQL ({@link io.decidr.devservices.postgres}), and the dev
 * profile that starts them for the application ({@link io.decidr.devservices.devprofile}).
 *
 * <p>This module depends on no other decidr module: their tests depend on it.
 */
package io.decidr.devservices;
