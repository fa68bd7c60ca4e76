/**
 * The embedded PostgreSQL of the dev profile and the tests: {@link
 * io.decidr.devservices.postgres.EmbeddedPostgresServer} over zonky's binaries, durable for {@code bin/run}'s kept
 * data, without fsync for tests.
 */
package io.decidr.devservices.postgres;
