package io.decidr.workflows.job;

import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.collection.CollectionSchema;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.entity.EntityId;
import io.decidr.domain.entity.EntityState;
import io.decidr.domain.entity.NumberValue;
import io.decidr.domain.entity.Value;
import io.decidr.workflows.job.JobParameters.Rollup;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A ROLLUP job: on each entity, a function ({@link io.decidr.domain.job.RollupFunction}) over an attribute of the
 * active entities it links to through the link attribute, written to the target attribute.
 */
final class RollupJob extends CollectionJob {

    private final Rollup params;

    RollupJob(Rollup params, JobChunks chunks) {
        super(chunks, params.target());
        this.params = params;
    }

    @Override
    Computation computation(JobInput job) {
        // the linked entities' schemas, looked up once per chunk rather than once per linked entity
        Map<CollectionId, CollectionSchema> linkedSchemas = new ConcurrentHashMap<>();
        return (entity, state, schema) -> compute(job, entity, state, linkedSchemas);
    }

    private Mono<ItemOutcome> compute(JobInput job, EntityId entity, EntityState state,
            Map<CollectionId, CollectionSchema> linkedSchemas) {
        boolean ofValues = params.attribute() != null;
        return Flux.fromIterable(state.links().getOrDefault(params.link().id(), Set.of()))
                .concatMap(target -> chunks.entities.existing(job.requester(), target)
                        .onErrorResume(Rejection.class, gone -> Mono.empty()))
                .filter(other -> !other.archived())
                .concatMap(other -> !ofValues ? Mono.just(Optional.<Value>empty())
                        : valueNamed(job, other, linkedSchemas).map(Optional::of).defaultIfEmpty(Optional.empty()))
                .collectList()
                .flatMap(values -> {
                    List<BigDecimal> numbers = values.stream().flatMap(Optional::stream)
                            .filter(NumberValue.class::isInstance).map(v -> ((NumberValue) v).value()).toList();
                    return params.function().over(values.size(), numbers, ofValues)
                            .map(result -> write(job, entity, new NumberValue(result)))
                            .orElseGet(() -> Mono.just(new ItemOutcome.Refused("entity " + entity
                                    + ": no linked values to " + params.function().name().toLowerCase(Locale.ROOT))));
                });
    }

    /**
     * The linked entity's value of the rolled-up attribute (its collection's schema looked up once per chunk). A
     * personal attribute's values are never rolled up: the result would carry them out of their subject's key, into
     * another entity, where erasing the subject could not reach them.
     */
    private Mono<Value> valueNamed(JobInput job, EntityState other, Map<CollectionId, CollectionSchema> schemas) {
        CollectionSchema known = schemas.get(other.collection());
        Mono<CollectionSchema> schema = known != null ? Mono.just(known)
                : chunks.collections.existing(job.requester(), other.collection()).map(found -> {
                    schemas.put(other.collection(), found.schema());
                    return found.schema();
                });
        return schema.flatMap(s -> Mono.justOrEmpty(s.attributeNamed(params.attribute())
                .filter(a -> !a.personal() && !other.isPersonal(a.id()))
                .map(a -> other.values().get(a.id()))));
    }
}
