/**
 * The application's Cassandra driver session, built from plain settings ({@link
 * io.decidr.cassandra.session.CassandraConnection}) with a programmatic driver configuration: no
 * {@code application.conf} to find on the classpath.
 */
package io.decidr.cassandra.session;
