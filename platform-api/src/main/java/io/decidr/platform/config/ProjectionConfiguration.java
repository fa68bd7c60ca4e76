package io.decidr.platform.config;

import com.datastax.oss.driver.api.core.CqlSession;
import io.decidr.cassandra.projection.CassandraCheckpointStore;
import io.decidr.cassandra.projection.CassandraFailures;
import io.decidr.cassandra.projection.CassandraParkedEventStore;
import io.decidr.cassandra.readmodel.CollectionWriter;
import io.decidr.cassandra.readmodel.CommentWriter;
import io.decidr.cassandra.readmodel.EntityWriter;
import io.decidr.cassandra.readmodel.TenantWriter;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.aggregates.Aggregates;
import io.decidr.eventstore.feed.AllEventsFeed;
import io.decidr.projections.readmodel.DomainProjection;
import io.decidr.projections.runtime.CheckpointStore;
import io.decidr.projections.runtime.ParkedEventStore;
import io.decidr.projections.runtime.Projection;
import io.decidr.projections.runtime.Projector;
import io.decidr.projections.runtime.ProjectorSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The projectors that keep the Cassandra read models: one per aggregate kind, each with its own checkpoint.
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
    ProjectorRole projectors(CqlSession session, PostgresEventStore store, AllEventsFeed feed, CheckpointStore checkpoints,
            ParkedEventStore parked, ProjectorRoleProperties role) {
        List<Projection> projections = List.of(
                new DomainProjection<>("tenants", Aggregates.TENANT, new TenantWriter(session)),
                new DomainProjection<>("collections", Aggregates.COLLECTION, new CollectionWriter(session)),
                new DomainProjection<>("entities", Aggregates.ENTITY, new EntityWriter(session)),
                new DomainProjection<>("comments", Aggregates.COMMENT, new CommentWriter(session)));
        ProjectorSettings settings = ProjectorSettings.defaults(CassandraFailures.UNAVAILABLE);
        List<Projector> projectors = projections.stream()
                .map(projection -> new Projector(projection, store, feed, checkpoints, parked, settings, Clock.systemUTC()))
                .toList();
        return new ProjectorRole(projectors, role.enabled());
    }
}
