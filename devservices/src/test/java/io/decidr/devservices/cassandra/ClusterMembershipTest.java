package io.decidr.devservices.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClusterMembershipTest {

    private static final List<InetSocketAddress> SEED = List.of(new InetSocketAddress("127.0.0.1", 7000));

    @Test
    void aNodeAloneIsOn127001OwnsTheRingFromToken0AndIsItsOwnSeed() {
        assertThat(ClusterMembership.ALONE.address()).isEqualTo("127.0.0.1").isEqualTo(EmbeddedCassandra.HOST);
        assertThat(ClusterMembership.ALONE.initialToken()).isZero();
        assertThat(ClusterMembership.ALONE.hintedHandoff()).isFalse();
        assertThat(ClusterMembership.ALONE.seedList(7000)).isEqualTo("127.0.0.1:7000");
    }

    @Test
    void theNodesOfAClusterTakeConsecutiveLoopbackAddressesAndSplitTheRingEvenly() {
        List<ClusterMembership> nodes = IntStream.range(0, 3).mapToObj(i -> ClusterMembership.member(i, 3, SEED)).toList();

        assertThat(nodes).extracting(ClusterMembership::address).containsExactly("127.0.0.1", "127.0.0.2", "127.0.0.3");
        // what Cassandra's token generator gives for three Murmur3 nodes
        assertThat(nodes).extracting(ClusterMembership::initialToken)
                .containsExactly(Long.MIN_VALUE, -3074457345618258603L, 3074457345618258602L);
        assertThat(nodes).allSatisfy(node -> {
            assertThat(node.hintedHandoff()).isTrue();
            assertThat(node.seedList(7001)).isEqualTo("127.0.0.1:7000");
        });
        assertThat(ClusterMembership.evenToken(1, 2)).isZero();
    }

    @Test
    void refusesWhatIsNotAnIpv4LiteralOrNotANodeOfTheCluster() {
        assertThatThrownBy(() -> new ClusterMembership("localhost", List.of(), 0, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IPv4 literal");
        assertThatThrownBy(() -> ClusterMembership.member(3, 3, SEED)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClusterMembership.member(0, 0, SEED)).isInstanceOf(IllegalArgumentException.class);
    }
}
