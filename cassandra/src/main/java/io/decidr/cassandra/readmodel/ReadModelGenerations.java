package io.decidr.cassandra.readmodel;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.decidr.eventstore.aggregates.Aggregates;
import io.decidr.eventstore.personal.PersonalKeys;
import io.decidr.projections.readmodel.DomainProjection;
import io.decidr.projections.runtime.ManagedProjector;
import io.decidr.projections.runtime.Projection;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The generations of one read model in Cassandra: generation {@code n}'s tables are created from the migrations'
 * layout ({@link ReadModel#ddl}) and its projection writes into them. Generation 1's projection keeps the plain
 * projector name (so checkpoints from before generations existed still count); generation {@code n} &gt; 1 is
 * {@code <projector>@g<n>}.
 */
public final class ReadModelGenerations implements ManagedProjector.Generations {

    private static final Duration DDL_TIMEOUT = Duration.ofMinutes(1);

    private final CqlSession session;
    private final ReadModel model;
    private final PersonalKeys keys;

    public ReadModelGenerations(CqlSession session, ReadModel model) {
        this(session, model, PersonalKeys.NONE);
    }

    /** @param keys opens the personal values of events (see {@link DomainProjection}) */
    public ReadModelGenerations(CqlSession session, ReadModel model, PersonalKeys keys) {
        this.session = Objects.requireNonNull(session, "session");
        this.model = Objects.requireNonNull(model, "model");
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    @Override
    public String projectionName(int generation) {
        return generation == 1 ? model.projector() : model.projector() + "@g" + generation;
    }

    @Override
    public Mono<Projection> prepare(int generation) {
        List<String> ddl = generation == 1 ? List.of() : model.ddl(generation);
        // DDL waits for schema agreement: run it off the caller's thread, one statement after the other
        return Flux.fromIterable(ddl)
                .concatMap(statement -> Mono.fromCompletionStage(() -> session.executeAsync(
                        SimpleStatement.newInstance(statement).setIdempotent(true).setTimeout(DDL_TIMEOUT))))
                .then(Mono.fromCallable(() -> projection(generation)).subscribeOn(Schedulers.boundedElastic()));
    }

    /**
     * Truncates the retired generation's tables (their layout stays: the migrations of generation 1's tables go on
     * applying). Note that Cassandra keeps a snapshot of what it truncates where {@code auto_snapshot} is on.
     */
    @Override
    public Mono<Void> retire(int generation) {
        String keyspace = session.getKeyspace().map(id -> id.asInternal()).orElseThrow();
        return Flux.fromIterable(model.objects())
                .map(object -> ReadModel.physical(object, generation))
                .concatMap(table -> Mono.fromCompletionStage(() -> session.executeAsync(SimpleStatement.newInstance(
                                "SELECT table_name FROM system_schema.tables WHERE keyspace_name = ? AND table_name = ?",
                                keyspace, table)))
                        .filter(found -> found.one() != null)
                        .flatMap(found -> Mono.fromCompletionStage(() -> session.executeAsync(
                                SimpleStatement.newInstance("TRUNCATE " + table).setIdempotent(true)
                                        .setTimeout(DDL_TIMEOUT)))))
                .then();
    }

    /** The projection that writes generation {@code generation} (its tables must exist). */
    public Projection projection(int generation) {
        String name = projectionName(generation);
        return switch (model) {
            case TENANTS -> new DomainProjection<>(name, Aggregates.TENANT, new TenantWriter(session, generation), keys);
            case COLLECTIONS -> new DomainProjection<>(name, Aggregates.COLLECTION, new CollectionWriter(session, generation), keys);
            case ENTITIES -> new DomainProjection<>(name, Aggregates.ENTITY, new EntityWriter(session, generation), keys);
            case COMMENTS -> new DomainProjection<>(name, Aggregates.COMMENT, new CommentWriter(session, generation), keys);
            case JOBS -> new DomainProjection<>(name, Aggregates.JOB, new JobWriter(session, generation), keys);
        };
    }
}
