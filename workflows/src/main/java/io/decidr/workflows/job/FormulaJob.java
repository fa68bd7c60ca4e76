package io.decidr.workflows.job;

import dev.cel.runtime.CelEvaluationException;
import io.decidr.application.handlers.ValueInput;
import io.decidr.domain.collection.Attribute;
import io.decidr.domain.collection.CollectionSchema;
import io.decidr.domain.entity.EntityId;
import io.decidr.domain.entity.EntityState;
import io.decidr.domain.entity.Value;
import io.decidr.workflows.job.JobParameters.Formula;
import java.util.HashMap;
import java.util.Map;
import reactor.core.publisher.Mono;

/** A FORMULA job: the expression over each entity's values, by attribute name, written to the target attribute. */
final class FormulaJob extends CollectionJob {

    private final Formula params;

    FormulaJob(Formula params, JobChunks chunks) {
        super(chunks, params.target());
        this.params = params;
    }

    @Override
    Computation computation(JobInput job) {
        return (entity, state, schema) -> compute(job, entity, state, schema);
    }

    private Mono<ItemOutcome> compute(JobInput job, EntityId entity, EntityState state, CollectionSchema schema) {
        Map<String, Value> byName = new HashMap<>();
        for (Attribute attribute : schema.attributes()) {
            Value value = state.values().get(attribute.id());
            if (value != null) {
                byName.put(attribute.name(), value);
            }
        }
        ValueInput result;
        try {
            result = params.program().evaluate(byName);
        } catch (CelEvaluationException | ArithmeticException | IllegalArgumentException e) {
            // the expression's own errors, about the user's expression and data; anything else fails the chunk
            return Mono.just(new ItemOutcome.Refused("entity " + entity + ": " + e.getMessage()));
        }
        return write(job, entity, result.value());
    }
}
