/**
 * What only the {@code dev} profile has: embedded PostgreSQL and Cassandra, Temporal's test server, a kept signing
 * secret, and the token endpoint.
 */
package io.decidr.platform.dev;
