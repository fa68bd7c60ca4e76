/**
 * The embedded Apache Cassandra 5.0 node used by the dev profile and by tests: {@link
 * io.decidr.devservices.cassandra.EmbeddedCassandra} runs the server as a separate JDK 17 process from the
 * classpath the devservices module's build copies to {@code devservices/target/embedded-cassandra/lib}, with a
 * generated {@code cassandra.yaml} (single node on 127.0.0.1, SAI as the default secondary index) and its log in the
 * data folder. {@link io.decidr.devservices.cassandra.EmbeddedCassandraCluster} runs a few such nodes as one cluster
 * on 127.0.0.1, 127.0.0.2, ... for tests of a real multi-node engine ({@link
 * io.decidr.devservices.cassandra.ClusterMembership}: each node's address, seed, token and hints).
 */
package io.decidr.devservices.cassandra;
