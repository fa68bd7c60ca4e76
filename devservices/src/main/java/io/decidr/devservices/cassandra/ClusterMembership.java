package io.decidr.devservices.cassandra;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Where a node stands among its peers: the address it binds, the seeds it gossips with first, the one token it owns,
 * and whether it keeps hints for a peer that is down. {@link #ALONE} is a single node's, the default of
 * {@link CassandraSettings}; the nodes of an {@link EmbeddedCassandraCluster} each have their own address and token and
 * share the seed.
 *
 * @param address       listen and rpc address, an IPv4 literal of this machine: the node's storage and CQL ports are
 *                      bound on it (on Linux all of 127/8 reaches the loopback interface, so 127.0.0.2 needs no set-up)
 * @param seeds         storage endpoints (address and storage port) a starting node gossips with first; empty for the
 *                      node itself
 * @param initialToken  the node's one token in the Murmur3 ring ({@code num_tokens: 1}): fixed, so a restarted node
 *                      owns what it owned
 * @param hintedHandoff whether the node keeps the writes a down replica missed and hands them over once it is back;
 *                      a node alone has nobody to keep them for
 */
public record ClusterMembership(String address, List<InetSocketAddress> seeds, long initialToken,
                                boolean hintedHandoff) {

    // before ALONE, which the constructor checks with it
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final BigInteger RING = BigInteger.TWO.pow(64);

    /** One node on 127.0.0.1 owning the whole ring (token 0), its own seed, no hints. */
    public static final ClusterMembership ALONE = new ClusterMembership("127.0.0.1", List.of(), 0, false);

    public ClusterMembership {
        Objects.requireNonNull(address, "address");
        if (!IPV4.matcher(address).matches()) {
            throw new IllegalArgumentException("a node's address must be an IPv4 literal such as 127.0.0.2, not '"
                    + address + "'");
        }
        seeds = List.copyOf(seeds);
    }

    /**
     * Node {@code index} (from 0) of {@code size} nodes of one cluster on this machine: address 127.0.0.{index + 1},
     * the token that splits the ring evenly (as Cassandra's token generator does), the given seeds, hints on.
     */
    public static ClusterMembership member(int index, int size, List<InetSocketAddress> seeds) {
        if (size < 1 || size > 254 || index < 0 || index >= size) {
            throw new IllegalArgumentException("node " + index + " of " + size + ": a cluster has 1 to 254 nodes,"
                    + " numbered from 0");
        }
        return new ClusterMembership("127.0.0." + (index + 1), seeds, evenToken(index, size), true);
    }

    /** The token of node {@code index} when {@code size} nodes split the Murmur3 range [-2^63, 2^63) evenly. */
    static long evenToken(int index, int size) {
        return RING.multiply(BigInteger.valueOf(index)).divide(BigInteger.valueOf(size))
                .subtract(BigInteger.TWO.pow(63)).longValueExact();
    }

    public ClusterMembership withSeeds(List<InetSocketAddress> newSeeds) {
        return new ClusterMembership(address, newSeeds, initialToken, hintedHandoff);
    }

    /** The address as an {@link InetAddress} (a literal: nothing is looked up). */
    public InetAddress inetAddress() {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("not an address: " + address, e);
        }
    }

    /** The seeds as {@code SimpleSeedProvider} reads them, {@code host:port,...}; the node itself when none. */
    String seedList(int ownStoragePort) {
        if (seeds.isEmpty()) {
            return address + ":" + ownStoragePort;
        }
        return seeds.stream().map(seed -> seed.getHostString() + ":" + seed.getPort()).collect(Collectors.joining(","));
    }
}
