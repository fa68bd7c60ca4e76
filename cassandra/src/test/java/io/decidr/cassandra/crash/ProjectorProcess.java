package io.decidr.cassandra.crash;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import io.decidr.cassandra.session.CassandraConnection;
import io.decidr.cassandra.session.CassandraSessions;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.feed.AllEventsFeed;
import io.decidr.eventstore.feed.EventNotifications;
import io.decidr.eventstore.testing.TestPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A projector process of its own, to be killed: wires the production projectors against the PostgreSQL event
 * log and the Cassandra keyspace named by its arguments, and runs them until the process ends.
 *
 * <pre>{@code
 * java -cp <test classpath> io.decidr.cassandra.crash.ProjectorProcess \
 *     <pg host> <pg port> <pg database> <cassandra host> <cassandra port> <datacenter> <keyspace> <batch size> \
 *     <hook marker file>
 * }</pre>
 *
 * <p>It reports on standard output, one line each, prefixed {@value #PREFIX}: {@code ready} once the projectors
 * are started, and {@code applied <n>} every {@value #REPORT_EVERY} events applied (by all of them together, counted in
 * this process). Its shutdown hook creates the marker file, which tells whether the JVM ran its hooks as it ended:
 * a SIGTERM lets it, a SIGKILL never does. (A file, not a line of output: {@link Process#destroy()} and
 * {@link Process#destroyForcibly()} close the pipes, so whatever the process writes after the signal is lost.)
 */
public final class ProjectorProcess {

    static final String PREFIX = "@@";
    static final int REPORT_EVERY = 10;

    private ProjectorProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        PrintStream out = System.out;
        markShutdownHooks(Path.of(args[8]));
        TestPostgres.Database database = new TestPostgres.Database(args[0], Integer.parseInt(args[1]), args[2]);
        CassandraConnection cassandra = new CassandraConnection(
                List.of(new InetSocketAddress(args[3], Integer.parseInt(args[4]))), args[5], args[6],
                DefaultConsistencyLevel.LOCAL_QUORUM, Duration.ofSeconds(10), false, null);
        int batchSize = Integer.parseInt(args[7]);

        PostgresEventStore store = new PostgresEventStore(database.pool(6));
        EventNotifications notifications = new EventNotifications(database.connectionFactory());
        AllEventsFeed feed = new AllEventsFeed(store, notifications);
        CqlSession session = CassandraSessions.open(cassandra);
        AtomicLong applied = new AtomicLong();
        ReadModelProjectors.start(session, store, feed, batchSize, projection -> new CountingProjection(projection, applied,
                count -> {
                    if (count % REPORT_EVERY == 0) {
                        report(out, "applied " + count);
                    }
                }));
        report(out, "ready");
        // runs until killed (or terminated: then the JVM's hooks run, and nothing here needs closing)
        new CountDownLatch(1).await();
    }

    /** Creates {@code marker} from a shutdown hook: whether it exists tells whether the JVM ran its hooks as it ended. */
    static void markShutdownHooks(Path marker) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.writeString(marker, "the shutdown hooks ran\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
    }

    /** One line of the reports the test reads, flushed at once. */
    static void report(PrintStream out, String line) {
        synchronized (out) {
            out.println(PREFIX + line);
            out.flush();
        }
    }
}
