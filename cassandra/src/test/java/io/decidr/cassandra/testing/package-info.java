/**
 * Test support shared through this module's test-jar: {@link io.decidr.cassandra.testing.TestCassandra} (one
 * embedded node per test JVM, a fresh keyspace per caller) and driver sessions configured for fast DDL.
 */
package io.decidr.cassandra.testing;
