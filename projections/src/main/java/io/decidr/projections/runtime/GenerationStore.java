package io.decidr.projections.runtime;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Where projectors record the generations of their read models. */
public interface GenerationStore {

    /** The projector's recorded generations, in any order. */
    Flux<ProjectionGeneration> list(String projector);

    /** Records (or replaces) one generation. */
    Mono<Void> save(ProjectionGeneration generation);
}
