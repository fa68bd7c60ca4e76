/**
 * Crash-safety tests of the read side: the Cassandra read models, fed by the production projectors from a
 * real PostgreSQL event log, must equal a full replay after any re-application (checkpoints reset, a fresh
 * keyspace, a window of events out of order) and after a projector process is killed with SIGKILL anywhere.
 * The read model is compared by dumping every read-model table ({@link io.decidr.cassandra.crash.ReadModelDump}).
 *
 * <p>Gap safety end to end ({@link io.decidr.cassandra.crash.ProjectorGapSafetyIT}): projectors that follow the log
 * while transactions commit out of position order or roll back apply every committed event exactly once.
 *
 * <p>A real multi-node engine ({@link io.decidr.cassandra.crash.ThreeNodeCassandraIT} on a
 * {@link io.decidr.cassandra.crash.ThreeNodeCluster}): a Cassandra node killed under the projection load and started
 * again parks nothing, loses nothing, and the queries answer throughout.
 */
package io.decidr.cassandra.crash;
