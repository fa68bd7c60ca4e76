/**
 * What only the {@code dev} profile has: embedded PostgreSQL and Cassandra, Temporal's test server, a kept signing
 * secret, the token endpoint, and GraphiQL served from the jar.
 */
package io.decidr.platform.dev;
