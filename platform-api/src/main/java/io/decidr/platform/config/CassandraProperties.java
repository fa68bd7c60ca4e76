package io.decidr.platform.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The standard {@code spring.cassandra.*} properties we use, plus how the keyspace is replicated when the
 * platform creates it ({@code spring.cassandra.replication}: a datacenter-to-factor map, or empty for
 * SimpleStrategy with factor 1, as in dev).
 *
 * @param contactPoints   host:port of some nodes
 * @param localDatacenter the datacenter this process talks to first
 * @param keyspaceName    the platform's keyspace
 * @param replication     replication factor per datacenter (NetworkTopologyStrategy)
 * @param request         request consistency and timeout
 * @param username        the login of a cluster with password authentication (none when empty)
 * @param password        its password (from a secret, e.g. {@code SPRING_CASSANDRA_PASSWORD})
 */
@ConfigurationProperties("spring.cassandra")
public record CassandraProperties(
        @DefaultValue("127.0.0.1:9042") List<String> contactPoints,
        @DefaultValue("datacenter1") String localDatacenter,
        @DefaultValue("decidr") String keyspaceName,
        Map<String, Integer> replication,
        @DefaultValue Request request,
        String username,
        String password) {

    public record Request(@DefaultValue("LOCAL_QUORUM") String consistency, @DefaultValue("10s") Duration timeout) {
    }
}
