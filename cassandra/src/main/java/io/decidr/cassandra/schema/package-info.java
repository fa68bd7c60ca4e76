/**
 * The Cassandra schema: versioned CQL files from the classpath folder {@code cql/} (listed in {@code cql/index.txt}),
 * applied once each by {@link io.decidr.cassandra.schema.CqlMigrations} and recorded in the keyspace's
 * {@code schema_migrations} table, and the keyspace itself ({@link io.decidr.cassandra.schema.KeyspaceReplication}).
 */
package io.decidr.cassandra.schema;
