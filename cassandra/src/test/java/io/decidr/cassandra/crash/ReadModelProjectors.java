package io.decidr.cassandra.crash;

import com.datastax.oss.driver.api.core.CqlSession;
import io.decidr.cassandra.projection.CassandraCheckpointStore;
import io.decidr.cassandra.projection.CassandraFailures;
import io.decidr.cassandra.projection.CassandraParkedEventStore;
import io.decidr.cassandra.readmodel.ReadModel;
import io.decidr.cassandra.readmodel.ReadModelGenerations;
import io.decidr.eventstore.Checkpoint;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.feed.AllEventsFeed;
import io.decidr.projections.runtime.CheckpointStore;
import io.decidr.projections.runtime.ParkedEventStore;
import io.decidr.projections.runtime.Projection;
import io.decidr.projections.runtime.Projector;
import io.decidr.projections.runtime.ProjectorSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Flux;

/**
 * The projectors production runs (platform-api's {@code ProjectionConfiguration}: tenants, collections,
 * entities, comments, jobs), each with its own checkpoint, wired against one keyspace.
 */
final class ReadModelProjectors implements AutoCloseable {

    /** Their names, one per {@link ReadModel} ({@link ReadModelReplayIT} checks that none is left out). */
    static final List<String> NAMES = List.of("tenants", "collections", "entities", "comments", "jobs");

    private final List<Projector> projectors;

    private ReadModelProjectors(List<Projector> projectors) {
        this.projectors = projectors;
    }

    /** The production projections over the session's keyspace, each with new writers (and so empty caches). */
    static List<Projection> projections(CqlSession session, PostgresEventStore store) {
        return Arrays.stream(ReadModel.values())
                .map(model -> new ReadModelGenerations(session, model, TestKeys.of(store)).projection(1)).toList();
    }

    /** Production settings but for the batch size. */
    static ProjectorSettings settings(int batchSize) {
        ProjectorSettings defaults = ProjectorSettings.defaults(CassandraFailures.UNAVAILABLE);
        return new ProjectorSettings(batchSize, defaults.parallelism(), defaults.attempts(), defaults.retryBackoff(),
                defaults.transientFailure(), defaults.checkpointEvery());
    }

    static CheckpointStore checkpoints(CqlSession session) {
        return CassandraCheckpointStore.prepare(session).block(Duration.ofMinutes(1));
    }

    static ParkedEventStore parkedEvents(CqlSession session) {
        return CassandraParkedEventStore.prepare(session).block(Duration.ofMinutes(1));
    }

    /**
     * Starts the projectors, each following {@code $all} from its stored checkpoint.
     *
     * @param decorate wraps each projection (e.g. to count what it applies); {@link UnaryOperator#identity()} for none
     */
    static ReadModelProjectors start(CqlSession session, PostgresEventStore store, AllEventsFeed feed, int batchSize,
            UnaryOperator<Projection> decorate) {
        CheckpointStore checkpoints = checkpoints(session);
        ParkedEventStore parked = parkedEvents(session);
        ProjectorSettings settings = settings(batchSize);
        List<Projector> projectors = projections(session, store).stream()
                .map(projection -> new Projector(decorate.apply(projection), store, feed, checkpoints, parked, settings,
                        Clock.systemUTC()))
                .toList();
        projectors.forEach(Projector::start);
        return new ReadModelProjectors(projectors);
    }

    /** Whether every projector applied every event up to {@code head} within {@code timeout}. */
    boolean awaitPosition(Checkpoint head, Duration timeout) {
        Boolean all = Flux.fromIterable(projectors)
                .flatMap(projector -> projector.awaitPosition(head, timeout))
                .all(reached -> reached)
                .block(timeout.plusSeconds(10));
        return Boolean.TRUE.equals(all);
    }

    @Override
    public void close() {
        projectors.forEach(Projector::close);
    }
}
