package io.decidr.cassandra.schema;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** How a keyspace is replicated: the {@code replication} map of {@code CREATE KEYSPACE}. */
public sealed interface KeyspaceReplication {

    /** One replication factor for the whole cluster; for a single datacenter (dev, tests). */
    static KeyspaceReplication simple(int replicationFactor) {
        return new SimpleStrategy(replicationFactor);
    }

    /** A replication factor per datacenter; what production uses, even with one datacenter. */
    static KeyspaceReplication networkTopology(Map<String, Integer> replicationFactors) {
        return new NetworkTopologyStrategy(replicationFactors);
    }

    /** The CQL map literal, e.g. {@code {'class': 'SimpleStrategy', 'replication_factor': 1}}. */
    String toCql();

    /** {@code SimpleStrategy} with one replication factor. */
    record SimpleStrategy(int replicationFactor) implements KeyspaceReplication {

        public SimpleStrategy {
            requirePositive(replicationFactor, "the replication factor");
        }

        @Override
        public String toCql() {
            return "{'class': 'SimpleStrategy', 'replication_factor': " + replicationFactor + "}";
        }
    }

    /** {@code NetworkTopologyStrategy} with a replication factor per datacenter name. */
    record NetworkTopologyStrategy(Map<String, Integer> replicationFactors) implements KeyspaceReplication {

        public NetworkTopologyStrategy {
            if (replicationFactors.isEmpty()) {
                throw new IllegalArgumentException("NetworkTopologyStrategy needs at least one datacenter");
            }
            replicationFactors.forEach((datacenter, factor) -> {
                if (datacenter.isBlank()) {
                    throw new IllegalArgumentException("a datacenter name must not be blank");
                }
                requirePositive(factor, "the replication factor of " + datacenter);
            });
            replicationFactors = Map.copyOf(replicationFactors);
        }

        @Override
        public String toCql() {
            // sorted, so that the statement reads the same on every start
            return new TreeMap<>(replicationFactors).entrySet().stream()
                    .map(entry -> quoted(entry.getKey()) + ": " + entry.getValue())
                    .collect(Collectors.joining(", ", "{'class': 'NetworkTopologyStrategy', ", "}"));
        }

        private static String quoted(String text) {
            return "'" + text.replace("'", "''") + "'";
        }
    }

    private static void requirePositive(int factor, String what) {
        if (factor < 1) {
            throw new IllegalArgumentException(what + " must be 1 or more, not " + factor);
        }
    }
}
