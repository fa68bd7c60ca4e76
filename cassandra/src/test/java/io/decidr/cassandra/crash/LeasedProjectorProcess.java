package io.decidr.cassandra.crash;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import io.decidr.cassandra.projection.CassandraGenerationStore;
import io.decidr.cassandra.readmodel.ReadModel;
import io.decidr.cassandra.readmodel.ReadModelGenerations;
import io.decidr.cassandra.session.CassandraConnection;
import io.decidr.cassandra.session.CassandraSessions;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.feed.AllEventsFeed;
import io.decidr.eventstore.feed.EventNotifications;
import io.decidr.eventstore.lease.PostgresLeases;
import io.decidr.eventstore.testing.TestPostgres;
import io.decidr.projections.runtime.CheckpointStore;
import io.decidr.projections.runtime.GenerationStore;
import io.decidr.projections.runtime.ManagedProjector;
import io.decidr.projections.runtime.ParkedEventStore;
import io.decidr.projections.runtime.Projector;
import io.decidr.projections.runtime.ProjectorLeadership;
import io.decidr.projections.runtime.ProjectorSettings;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;

/**
 * A projector process as production runs one with the projector role: every read model's {@link ManagedProjector},
 * each run only while this process holds its lease ({@link ProjectorLeadership}), its checkpoints fenced by the
 * lease's epoch. Run two or more against one log and keyspace, and each projector runs in one of them.
 *
 * <pre>{@code
 * java -cp <test classpath> io.decidr.cassandra.crash.LeasedProjectorProcess \
 *     <pg host> <pg port> <pg database> <cassandra host> <cassandra port> <datacenter> <keyspace> <batch size> \
 *     <holder> <lease ttl in ms> <hook marker file>
 * }</pre>
 *
 * <p>Reports as {@link ProjectorProcess} does ({@code ready} once it tended its leases the first time, {@code applied
 * <n>}), and {@code held <n>} each time the number of projectors running here changes.
 */
public final class LeasedProjectorProcess {

    private LeasedProjectorProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        PrintStream out = System.out;
        ProjectorProcess.markShutdownHooks(Path.of(args[10]));
        TestPostgres.Database database = new TestPostgres.Database(args[0], Integer.parseInt(args[1]), args[2]);
        CassandraConnection cassandra = new CassandraConnection(
                List.of(new InetSocketAddress(args[3], Integer.parseInt(args[4]))), args[5], args[6],
                DefaultConsistencyLevel.LOCAL_QUORUM, Duration.ofSeconds(10), false, null);
        int batchSize = Integer.parseInt(args[7]);
        String holder = args[8];
        Duration ttl = Duration.ofMillis(Long.parseLong(args[9]));

        PostgresEventStore store = new PostgresEventStore(database.pool(6));
        AllEventsFeed feed = new AllEventsFeed(store, new EventNotifications(database.connectionFactory()));
        CqlSession session = CassandraSessions.open(cassandra);
        CheckpointStore checkpoints = ReadModelProjectors.checkpoints(session);
        ParkedEventStore parked = ReadModelProjectors.parkedEvents(session);
        GenerationStore generations = CassandraGenerationStore.prepare(session).block(Duration.ofMinutes(1));
        ProjectorSettings settings = ReadModelProjectors.settings(batchSize);
        AtomicLong applied = new AtomicLong();
        ManagedProjector.Runners runners = (projection, epoch) -> new Projector(
                new CountingProjection(projection, applied, count -> {
                    if (count % ProjectorProcess.REPORT_EVERY == 0) {
                        ProjectorProcess.report(out, "applied " + count);
                    }
                }), store, feed, checkpoints.fencedBy(epoch), parked, settings, Clock.systemUTC());
        List<ManagedProjector> projectors = Flux.fromArray(ReadModel.values())
                .concatMap(model -> ManagedProjector.open(model.projector(), new ReadModelGenerations(session, model, TestKeys.of(store)),
                        generations, runners, Clock.systemUTC()))
                .collectList()
                .block(Duration.ofMinutes(2));
        ProjectorLeadership leadership = new ProjectorLeadership(projectors, new PostgresLeases(database.pool(2)), holder, ttl);
        leadership.start();
        ProjectorProcess.report(out, "ready");
        // runs until killed or terminated (the JVM's hooks run then; nothing here needs closing)
        int reported = -1;
        while (true) {
            TreeSet<String> running = new TreeSet<>();
            projectors.stream().filter(ManagedProjector::runsHere).forEach(p -> running.add(p.name()));
            if (running.size() != reported) {
                reported = running.size();
                ProjectorProcess.report(out, "held " + reported);
            }
            Thread.sleep(50);
        }
    }
}
