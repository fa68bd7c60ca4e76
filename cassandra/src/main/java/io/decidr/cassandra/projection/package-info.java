/**
 * The projector runtime's ports in Cassandra: {@link io.decidr.cassandra.projection.CassandraCheckpointStore} and
 * {@link io.decidr.cassandra.projection.CassandraParkedEventStore}, over the tables of
 * {@code cql/V1__projection_runtime.cql}. Statements are prepared once, run asynchronously at {@code LOCAL_QUORUM},
 * and writes are idempotent: a projector may repeat any of them after a crash or a timeout.
 */
package io.decidr.cassandra.projection;
