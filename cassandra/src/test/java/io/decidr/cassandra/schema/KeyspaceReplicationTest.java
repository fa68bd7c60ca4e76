package io.decidr.cassandra.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyspaceReplicationTest {

    @Test
    void writesTheReplicationMapOfCreateKeyspace() {
        assertThat(KeyspaceReplication.simple(3).toCql())
                .isEqualTo("{'class': 'SimpleStrategy', 'replication_factor': 3}");
        assertThat(KeyspaceReplication.networkTopology(Map.of("eu-west", 3, "eu-central", 2)).toCql())
                .isEqualTo("{'class': 'NetworkTopologyStrategy', 'eu-central': 2, 'eu-west': 3}");
        assertThat(KeyspaceReplication.networkTopology(Map.of("o'dc", 1)).toCql()).contains("'o''dc': 1");
    }

    @Test
    void rejectsFactorsBelowOneAndNoDatacenters() {
        assertThatThrownBy(() -> KeyspaceReplication.simple(0)).hasMessageContaining("must be 1 or more, not 0");
        assertThatThrownBy(() -> KeyspaceReplication.networkTopology(Map.of("dc1", 0)))
                .hasMessageContaining("the replication factor of dc1 must be 1 or more");
        assertThatThrownBy(() -> KeyspaceReplication.networkTopology(Map.of()))
                .hasMessageContaining("at least one datacenter");
    }
}
