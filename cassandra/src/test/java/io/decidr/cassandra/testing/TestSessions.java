package io.decidr.cassandra.testing;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.decidr.devservices.cassandra.EmbeddedCassandra;
import java.time.Duration;

/** Driver sessions tuned for tests against an embedded node. */
public final class TestSessions {

    private TestSessions() {
    }

    /**
     * The driver configuration for tests. Schema and token metadata are off: with them on, every DDL statement
     * makes the driver re-read the schema tables, which is most of the cost of a test's CREATE TABLE.
     * Timeouts are generous because a loaded 2-core machine pauses.
     */
    public static DriverConfigLoader config() {
        return DriverConfigLoader.programmaticBuilder()
                .withBoolean(DefaultDriverOption.METADATA_SCHEMA_ENABLED, false)
                .withBoolean(DefaultDriverOption.METADATA_TOKEN_MAP_ENABLED, false)
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(20))
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, Duration.ofSeconds(10))
                // tests open and close many sessions: do not linger 2 s in each close
                .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, 0)
                .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 0)
                .build();
    }

    /** A session builder for the given node, with {@link #config()}. */
    public static CqlSessionBuilder builder(EmbeddedCassandra server) {
        return CqlSession.builder()
                .addContactPoint(server.contactPoint())
                .withLocalDatacenter(server.localDatacenter())
                .withConfigLoader(config());
    }
}
