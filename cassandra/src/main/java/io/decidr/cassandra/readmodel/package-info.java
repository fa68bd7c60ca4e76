/**
 * The read models in Cassandra: writers that projectors drive (idempotent, stamped with stream versions) and
 * the queries that serve the API. One table per query, partitioned by tenant.
 */
package io.decidr.cassandra.readmodel;
