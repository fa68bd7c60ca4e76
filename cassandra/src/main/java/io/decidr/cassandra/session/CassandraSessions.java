package io.decidr.cassandra.session;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.config.ProgrammaticDriverConfigLoaderBuilder;

/**
 * Builds driver sessions from a {@link CassandraConnection}.
 *
 * <pre>{@code
 * CassandraConnection connection = CassandraConnection.of("cassandra-0:9042,cassandra-1:9042", "dc1", "decidr");
 * try (CqlSession session = CassandraSessions.open(connection)) { ... }
 * }</pre>
 *
 * A session is expensive and thread-safe: open one per application and keyspace, and close it on shutdown.
 */
public final class CassandraSessions {

    private static final int CONNECTIONS_PER_NODE = Math.max(1, Runtime.getRuntime().availableProcessors());

    private CassandraSessions() {
    }

    /**
     * The driver configuration of a connection, open for further options (e.g. pool sizes or, in tests, shorter
     * shutdown). Every option not set here keeps the driver's default.
     */
    public static ProgrammaticDriverConfigLoaderBuilder config(CassandraConnection connection) {
        return DriverConfigLoader.programmaticBuilder()
                .withString(DefaultDriverOption.REQUEST_CONSISTENCY, connection.consistency().name())
                // lightweight transactions stay in the local datacenter, like every other request
                .withString(DefaultDriverOption.REQUEST_SERIAL_CONSISTENCY, DefaultConsistencyLevel.LOCAL_SERIAL.name())
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, connection.requestTimeout())
                .withBoolean(DefaultDriverOption.METADATA_SCHEMA_ENABLED, connection.schemaMetadata())
                // the token map is computed from the schema's replication settings: without the one, the other is
                // partial at best
                .withBoolean(DefaultDriverOption.METADATA_TOKEN_MAP_ENABLED, connection.schemaMetadata())
                // one connection per node and core: a connection lives on one of the driver's I/O threads (one per
                // core), so with a single one every response of the process is decoded on one thread, and its 1,024
                // in-flight requests are shared by all callers
                .withInt(DefaultDriverOption.CONNECTION_POOL_LOCAL_SIZE, CONNECTIONS_PER_NODE);
    }

    /** A session builder with the connection's contact points, datacenter, login and configuration; no keyspace. */
    public static CqlSessionBuilder builder(CassandraConnection connection, DriverConfigLoader config) {
        CqlSessionBuilder builder = CqlSession.builder()
                .addContactPoints(connection.contactPoints())
                .withLocalDatacenter(connection.localDatacenter())
                .withConfigLoader(config);
        CassandraConnection.Credentials login = connection.credentials();
        return login == null ? builder : builder.withAuthCredentials(login.username(), login.password());
    }

    /**
     * Opens a session bound to the connection's keyspace, which must exist. Blocks until connected: call it at
     * start-up.
     */
    public static CqlSession open(CassandraConnection connection) {
        return builder(connection, config(connection).build()).withKeyspace(connection.keyspace()).build();
    }

    /**
     * Opens a session bound to no keyspace, for creating the keyspace before {@link #open(CassandraConnection)}.
     * Blocks until connected.
     */
    public static CqlSession openWithoutKeyspace(CassandraConnection connection) {
        return builder(connection, config(connection).build()).build();
    }
}
