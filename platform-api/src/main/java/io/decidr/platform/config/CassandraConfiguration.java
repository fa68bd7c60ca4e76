package io.decidr.platform.config;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.decidr.cassandra.readmodel.ReadModelQueries;
import io.decidr.cassandra.schema.CqlMigrations;
import io.decidr.cassandra.schema.KeyspaceReplication;
import java.net.InetSocketAddress;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Cassandra session named by {@code spring.cassandra.*}: creates the keyspace when missing, applies the
 * CQL migrations, then opens the session every read model uses.
 */
@Configuration(proxyBeanMethods = false)
public class CassandraConfiguration {

    @Bean(destroyMethod = "close")
    CqlSession cqlSession(CassandraProperties properties) {
        List<InetSocketAddress> contactPoints = properties.contactPoints().stream().map(CassandraConfiguration::address).toList();
        try (CqlSession admin = session(properties, contactPoints, null)) {
            KeyspaceReplication replication = properties.replication() == null || properties.replication().isEmpty()
                    ? KeyspaceReplication.simple(1)
                    : KeyspaceReplication.networkTopology(properties.replication());
            CqlMigrations.createKeyspaceIfMissing(admin, properties.keyspaceName(), replication);
        }
        CqlSession session = session(properties, contactPoints, properties.keyspaceName());
        CqlMigrations.fromClasspath(session).migrate();
        return session;
    }

    @Bean
    ReadModelQueries readModelQueries(CqlSession session) {
        return new ReadModelQueries(session);
    }

    private static CqlSession session(CassandraProperties properties, List<InetSocketAddress> contactPoints, String keyspace) {
        DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
                .withString(DefaultDriverOption.REQUEST_CONSISTENCY, properties.request().consistency())
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, properties.request().timeout())
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, properties.request().timeout())
                .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, properties.request().timeout())
                .build();
        var builder = CqlSession.builder()
                .addContactPoints(contactPoints)
                .withLocalDatacenter(properties.localDatacenter())
                .withConfigLoader(config);
        if (keyspace != null) {
            builder.withKeyspace(keyspace);
        }
        return builder.build();
    }

    private static InetSocketAddress address(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        return colon < 0
                ? new InetSocketAddress(hostAndPort, 9042)
                : new InetSocketAddress(hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1)));
    }
}
