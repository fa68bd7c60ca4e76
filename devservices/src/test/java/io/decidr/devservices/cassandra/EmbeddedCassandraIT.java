package io.decidr.devservices.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import io.decidr.devservices.process.DevServiceException;
import io.decidr.devservices.process.ProcessArguments;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class EmbeddedCassandraIT {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedCassandraIT.class);

    @Test
    void servesStorageAttachedIndexQueriesAndLeavesNothingBehindWhenStopped() {
        EmbeddedCassandra cassandra = new EmbeddedCassandra(CassandraSettings.ephemeral());
        long startedAt = System.nanoTime();
        cassandra.start();
        long pid = cassandra.pid();
        LOG.info("embedded Cassandra accepted a session after {} ms; resident memory {}",
                Duration.ofNanos(System.nanoTime() - startedAt).toMillis(), ResidentMemory.of(pid));
        int port = cassandra.nativePort();
        Path dataDirectory = cassandra.dataDirectory();
        try {
            assertThat(ProcessHandle.of(pid).flatMap(p -> p.info().command())).as("server's java")
                    .hasValueSatisfying(java -> assertThat(ServerJavaHome.majorVersion(Path.of(java).getParent()
                            .getParent())).isEqualTo(17));

            try (CqlSession admin = TestSessions.builder(cassandra).build()) {
                TestSessions.createKeyspace(admin, "embedded_it");
                try (CqlSession session = TestSessions.builder(cassandra).withKeyspace("embedded_it").build()) {
                    writeAndQuery(session);
                }
            }
            LOG.info("resident memory after the queries: {}", ResidentMemory.of(pid));
        } finally {
            long stoppingAt = System.nanoTime();
            cassandra.stop();
            LOG.info("stop() took {} ms", Duration.ofNanos(System.nanoTime() - stoppingAt).toMillis());
        }

        assertThat(cassandra.isRunning()).isFalse();
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("server process %d", pid).isEmpty();
        assertThat(CqlProbe.acceptsConnections(cassandra.contactPoint()))
                .as("something still listens on port %d", port).isFalse();
        assertThat(ProcessHandle.allProcesses()
                .filter(p -> ProcessArguments.of(p).contains("-Dcassandra.storagedir=" + dataDirectory)))
                .as("java processes on the data folder").isEmpty();
        assertThat(Files.exists(dataDirectory)).as("temporary data folder deleted").isFalse();
    }

    @Test
    void aServerThatCannotStartFailsFastAndQuotesWhatItSaid() throws IOException {
        EmbeddedCassandra cassandra = new EmbeddedCassandra(CassandraSettings.ephemeral()
                .withExtraJvmOptions(List.of("-XX:+NoSuchJvmOption")));
        try {
            assertThatThrownBy(cassandra::start)
                    .isInstanceOf(DevServiceException.class)
                    .hasMessageContaining("Cassandra exited with code 1 while starting")
                    .hasMessageContaining("Unrecognized VM option 'NoSuchJvmOption'");
            assertThat(cassandra.isRunning()).isFalse();
        } finally {
            // a failed start keeps even a temporary folder, for a look at the whole log
            TemporaryDataFolder.delete(cassandra.dataDirectory());
        }
    }

    @Test
    void aConfiguredPortThatIsTakenFailsBeforeStartingAnything() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            EmbeddedCassandra cassandra = new EmbeddedCassandra(CassandraSettings.ephemeral()
                    .withNativePort(taken.getLocalPort()));
            try {
                assertThatThrownBy(cassandra::start)
                        .isInstanceOf(DevServiceException.class)
                        .hasMessageContaining("The CQL port " + taken.getLocalPort() + " on 127.0.0.1 is in use");
                assertThat(cassandra.isRunning()).isFalse();
            } finally {
                TemporaryDataFolder.delete(cassandra.dataDirectory());
            }
        }
    }

    private static void writeAndQuery(CqlSession session) {
        // entities of a collection, queryable by status through a Storage-Attached Index
        session.execute("""
                CREATE TABLE entities_by_collection (
                    tenant_id text, collection_id text, entity_id text, status text, name text,
                    PRIMARY KEY ((tenant_id, collection_id), entity_id))""");
        session.execute("CREATE INDEX entities_by_status ON entities_by_collection (status) USING 'sai'");

        PreparedStatement insert = session.prepare("INSERT INTO entities_by_collection "
                + "(tenant_id, collection_id, entity_id, status, name) VALUES (?, ?, ?, ?, ?)");
        session.execute(insert.bind("acme", "companies", "e1", "active", "Initech"));
        session.execute(insert.bind("acme", "companies", "e2", "archived", "Initrode"));
        session.execute(insert.bind("acme", "companies", "e3", "active", "Umbrella"));
        session.execute(insert.bind("acme", "people", "e4", "archived", "Peter"));
        session.execute(insert.bind("globex", "companies", "e5", "active", "Globex"));

        List<String> acmeCompanies = session.execute("SELECT entity_id FROM entities_by_collection "
                        + "WHERE tenant_id = 'acme' AND collection_id = 'companies'")
                .all().stream().map(row -> row.getString("entity_id")).toList();
        assertThat(acmeCompanies).containsExactly("e1", "e2", "e3");

        List<String> archived = session.execute("SELECT entity_id FROM entities_by_collection WHERE status = ?",
                "archived").all().stream().map(row -> row.getString("entity_id")).toList();
        assertThat(archived).containsExactlyInAnyOrder("e2", "e4");

        List<String> activeAcmeCompanies = session.execute("SELECT entity_id FROM entities_by_collection "
                        + "WHERE tenant_id = 'acme' AND collection_id = 'companies' AND status = 'active'")
                .all().stream().map(row -> row.getString("entity_id")).toList();
        assertThat(activeAcmeCompanies).containsExactly("e1", "e3");

        // the same filter on a column without an index is refused: the queries above were served by the index
        assertThatThrownBy(() -> session.execute("SELECT entity_id FROM entities_by_collection WHERE name = 'Peter'"))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("ALLOW FILTERING");

        Row index = session.execute("SELECT is_queryable FROM system_views.sai_column_indexes "
                + "WHERE keyspace_name = ? AND index_name = ? ALLOW FILTERING",
                session.getKeyspace().orElseThrow().asInternal(), "entities_by_status").one();
        assertThat(index).isNotNull();
        assertThat(index.getBoolean("is_queryable")).isTrue();
    }
}
