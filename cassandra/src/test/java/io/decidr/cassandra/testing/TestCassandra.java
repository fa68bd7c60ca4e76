package io.decidr.cassandra.testing;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import io.decidr.devservices.cassandra.CassandraSettings;
import io.decidr.devservices.cassandra.EmbeddedCassandra;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real Cassandra node per test JVM, started on first use (temporary folder, free ports) and stopped when the
 * JVM exits, and a fresh keyspace for each caller of {@link #newKeyspace()}.
 *
 * <pre>{@code
 * TestKeyspace keyspace = TestCassandra.newKeyspace();
 * try (CqlSession session = keyspace.openSession()) {
 *     session.execute("CREATE TABLE ...");
 * }
 * }</pre>
 */
public final class TestCassandra {

    private static final AtomicInteger KEYSPACES = new AtomicInteger();
    private static EmbeddedCassandra server;
    private static CqlSession sharedSession;

    private TestCassandra() {
    }

    /** The node, started on first use. */
    public static synchronized EmbeddedCassandra server() {
        if (server == null) {
            EmbeddedCassandra starting = new EmbeddedCassandra(CassandraSettings.ephemeral());
            starting.start();
            server = starting;
            sharedSession = TestSessions.builder(server).build();
            // closes the session before the server goes; the server's own hook would stop it anyway
            Runtime.getRuntime().addShutdownHook(new Thread(TestCassandra::shutDown, "test-cassandra-shutdown"));
        }
        return server;
    }

    /** A session shared by the whole test JVM, bound to no keyspace. Do not close it. */
    public static synchronized CqlSession sharedSession() {
        server();
        return sharedSession;
    }

    /** A session builder for the node with the test driver configuration ({@link TestSessions#config()}). */
    public static CqlSessionBuilder sessionBuilder() {
        return TestSessions.builder(server());
    }

    /** A new, empty keyspace that no other caller in this JVM gets. */
    public static TestKeyspace newKeyspace() {
        return TestKeyspace.create(sharedSession(), server(), "test_" + KEYSPACES.incrementAndGet());
    }

    private static synchronized void shutDown() {
        if (sharedSession != null) {
            sharedSession.close();
        }
        server.stop();
    }
}
