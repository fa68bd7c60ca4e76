package io.decidr.platform.config;

import com.datastax.oss.driver.api.core.CqlSession;
import io.decidr.cassandra.projection.CassandraCheckpointStore;
import io.decidr.cassandra.projection.CassandraFailures;
import io.decidr.cassandra.projection.CassandraGenerationStore;
import io.decidr.cassandra.readmodel.ReadModel;
import io.decidr.cassandra.readmodel.ReadModelGenerations;
import io.decidr.cassandra.readmodel.ReadModelQueries;
import io.decidr.cassandra.projection.CassandraParkedEventStore;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.feed.AllEventsFeed;
import io.decidr.projections.runtime.CheckpointStore;
import io.decidr.projections.runtime.GenerationStore;
import io.decidr.projections.runtime.ManagedProjector;
import io.decidr.projections.runtime.ParkedEventStore;
import io.decidr.projections.runtime.Projection;
import io.decidr.projections.runtime.Projector;
import io.decidr.projections.runtime.ProjectorSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Flux;

/**
 * The projectors that keep the Cassandra read models: one per read model ({@link ReadModel}), each with its own
 * checkpoint, in generations that an operator may rebuild.
 * They run when the {@code projector} role is on ({@link ProjectorRole}).
 */
@Configuration(proxyBeanMethods = false)
public class ProjectionConfiguration {

    @Bean
    CheckpointStore checkpointStore(CqlSession session) {
        return CassandraCheckpointStore.prepare(session).block(Duration.ofMinutes(1));
    }

    @Bean
    ParkedEventStore parkedEventStore(CqlSession session) {
        return CassandraParkedEventStore.prepare(session).block(Duration.ofMinutes(1));
    }

    @Bean
    GenerationStore generationStore(CqlSession session) {
        return CassandraGenerationStore.prepare(session).block(Duration.ofMinutes(1));
    }

    @Bean
    ProjectorRole projectors(CqlSession session, PostgresEventStore store, AllEventsFeed feed, CheckpointStore checkpoints,
            ParkedEventStore parked, GenerationStore generations, ReadModelQueries queries, ProjectorRoleProperties role,
            @Value("${decidr.projections.checkpoint-every:100ms}") Duration checkpointEvery) {
        ProjectorSettings defaults = ProjectorSettings.defaults(CassandraFailures.UNAVAILABLE);
        ProjectorSettings settings = new ProjectorSettings(defaults.batchSize(), defaults.parallelism(), defaults.attempts(),
                defaults.retryBackoff(), defaults.transientFailure(), checkpointEvery);
        Function<Projection, Projector> projector =
                projection -> new Projector(projection, store, feed, checkpoints, parked, settings, Clock.systemUTC());
        List<ManagedProjector> projectors = Flux.fromArray(ReadModel.values())
                .concatMap(model -> ManagedProjector.open(model.projector(), new ReadModelGenerations(session, model),
                        generations, projector, Clock.systemUTC()))
                .collectList()
                .block(Duration.ofMinutes(2));
        return new ProjectorRole(projectors, role.enabled(), queries, Duration.ofSeconds(5));
    }
}
