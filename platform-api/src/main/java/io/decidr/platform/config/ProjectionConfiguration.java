package io.decidr.platform.config;

import com.datastax.oss.driver.api.core.CqlSession;
import io.decidr.cassandra.projection.CassandraCheckpointStore;
import io.decidr.cassandra.projection.CassandraFailures;
import io.decidr.cassandra.projection.CassandraGenerationStore;
import io.decidr.cassandra.projection.CassandraParkedEventStore;
import io.decidr.cassandra.readmodel.ReadModel;
import io.decidr.cassandra.readmodel.ReadModelGenerations;
import io.decidr.cassandra.readmodel.ReadModelQueries;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.feed.AllEventsFeed;
import io.decidr.eventstore.feed.EventNotifications;
import io.decidr.eventstore.feed.Notices;
import io.decidr.eventstore.feed.PositionAnnouncer;
import io.decidr.eventstore.lease.Leases;
import io.decidr.eventstore.lease.PostgresLeases;
import io.decidr.eventstore.personal.PersonalDataUnavailableException;
import io.decidr.eventstore.personal.PersonalKeys;
import io.decidr.platform.tracing.ProjectionSpans;
import io.decidr.projections.runtime.AnnouncedCheckpoints;
import io.decidr.projections.runtime.CheckpointStore;
import io.decidr.projections.runtime.GenerationStore;
import io.decidr.projections.runtime.ManagedProjector;
import io.decidr.projections.runtime.ParkedEventStore;
import io.decidr.projections.runtime.Projector;
import io.decidr.projections.runtime.ProjectorLeadership;
import io.decidr.projections.runtime.ProjectorSettings;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Flux;

/**
 * The projectors that keep the Cassandra read models: one per read model ({@link ReadModel}), each with its own
 * checkpoint, in generations that an operator may rebuild.
 * They run when the {@code projector} role is on ({@link ProjectorRole}), each in the one process that holds its lease.
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
    PositionAnnouncer positionAnnouncer(ConnectionFactory connections) {
        return new PositionAnnouncer(connections);
    }

    /**
     * Operators' retries and skips of parked events reach the process that runs the projector, from any process's API.
     *
     * @param wait how long such a request waits for that process's answer
     */
    @Bean(destroyMethod = "close")
    ProjectorOperations projectorOperations(ProjectorRole projectors, EventNotifications notifications,
            ConnectionFactory connections, @Value("${decidr.projections.operation-wait:10s}") Duration wait) {
        return new ProjectorOperations(projectors, notifications, new Notices(connections), wait);
    }

    @Bean
    Leases leases(ConnectionFactory connections) {
        return new PostgresLeases(connections);
    }

    /**
     * @param leaseTtl    how long a projector's lease lasts unless renewed (every third of it): how long the projectors
     *                    of a killed process wait before another takes them over
     * @param leaseHolder this process as the leases record it; unique per process (host, pid and a random part)
     */
    @Bean
    ProjectorRole projectors(CqlSession session, PostgresEventStore store, AllEventsFeed feed, CheckpointStore checkpoints,
            ParkedEventStore parked, GenerationStore generations, ReadModelQueries queries, ProjectorRoleProperties role,
            Leases leases, PositionAnnouncer announcer, ProjectionSpans spans, PersonalKeys personalKeys,
            @Value("${decidr.projections.checkpoint-every:100ms}") Duration checkpointEvery,
            @Value("${decidr.projections.lease-ttl:6s}") Duration leaseTtl,
            @Value("${decidr.projections.lease-holder:}") String leaseHolder,
            @Value("${decidr.projections.retired-grace:1m}") Duration retiredGrace) {
        // a key store that cannot be read is waited for like the read-model store: nothing is parked for it
        ProjectorSettings defaults = ProjectorSettings.defaults(CassandraFailures.UNAVAILABLE
                .or(failure -> failure instanceof PersonalDataUnavailableException));
        ProjectorSettings settings = new ProjectorSettings(defaults.batchSize(), defaults.parallelism(), defaults.attempts(),
                defaults.retryBackoff(), defaults.transientFailure(), checkpointEvery);
        CheckpointStore announced = new AnnouncedCheckpoints(checkpoints, announcer::announce);
        ManagedProjector.Runners runners = (projection, epoch) -> new Projector(spans.apply(projection), store, feed,
                announced.fencedBy(epoch), parked, settings, Clock.systemUTC());
        List<ManagedProjector> projectors = Flux.fromArray(ReadModel.values())
                .concatMap(model -> ManagedProjector.open(model.projector(), new ReadModelGenerations(session, model, personalKeys),
                        generations, runners, Clock.systemUTC(), Duration.ofMillis(250), retiredGrace))
                .collectList()
                .block(Duration.ofMinutes(2));
        String holder = leaseHolder.isBlank() ? LeaseHolders.unique() : leaseHolder;
        return new ProjectorRole(projectors, role.enabled(), queries, Duration.ofSeconds(5),
                new ProjectorLeadership(projectors, leases, holder, leaseTtl));
    }
}
