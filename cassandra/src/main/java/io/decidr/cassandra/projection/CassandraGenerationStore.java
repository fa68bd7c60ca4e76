package io.decidr.cassandra.projection;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.decidr.cassandra.session.ReactiveCql;
import io.decidr.projections.runtime.GenerationStore;
import io.decidr.projections.runtime.ProjectionGeneration;
import io.decidr.projections.runtime.ProjectionGeneration.State;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Projector generations in the table {@code projector_generations}, one row per generation. */
public final class CassandraGenerationStore implements GenerationStore {

    private final ReactiveCql cql;
    private final PreparedStatement select;
    private final PreparedStatement upsert;

    private CassandraGenerationStore(ReactiveCql cql, PreparedStatement select, PreparedStatement upsert) {
        this.cql = cql;
        this.select = select;
        this.upsert = upsert;
    }

    /** Prepares the statements once; fails if the keyspace was not migrated. */
    public static Mono<CassandraGenerationStore> prepare(CqlSession session) {
        ReactiveCql cql = new ReactiveCql(session);
        return Mono.zip(
                        cql.prepareAsync("SELECT * FROM projector_generations WHERE projector = ?"),
                        cql.prepareAsync("INSERT INTO projector_generations"
                                + " (projector, generation, state, started_at, finished_at, events_processed)"
                                + " VALUES (?, ?, ?, ?, ?, ?)"))
                .map(prepared -> new CassandraGenerationStore(cql, prepared.getT1(), prepared.getT2()));
    }

    @Override
    public Flux<ProjectionGeneration> list(String projector) {
        return cql.readAll(select.bind(projector), CassandraGenerationStore::generation);
    }

    @Override
    public Mono<Void> save(ProjectionGeneration g) {
        return cql.write(upsert.bind(g.projector(), g.generation(), g.state().name(), g.startedAt(), g.finishedAt(),
                g.eventsProcessed()));
    }

    private static ProjectionGeneration generation(Row row) {
        return new ProjectionGeneration(row.getString("projector"), row.getInt("generation"),
                State.valueOf(row.getString("state")), row.getInstant("started_at"), row.getInstant("finished_at"),
                row.getLong("events_processed"));
    }
}
