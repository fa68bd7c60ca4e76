package io.decidr.eventstore;

import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * One request's answer in {@link PostgresEventStore#appendAll}: what {@link PostgresEventStore#append} would have
 * answered for it alone, either its result or its failure (e.g. {@link WrongExpectedVersionException}).
 */
public record AppendAnswer(AppendRequest request, AppendResult result, RuntimeException failure) {

    public AppendAnswer {
        Objects.requireNonNull(request, "request");
        if ((result == null) == (failure == null)) {
            throw new IllegalArgumentException("an answer is a result or a failure");
        }
    }

    static AppendAnswer of(AppendRequest request, AppendResult result) {
        return new AppendAnswer(request, result, null);
    }

    static AppendAnswer failed(AppendRequest request, RuntimeException failure) {
        return new AppendAnswer(request, null, failure);
    }

    public Mono<AppendResult> toMono() {
        return failure == null ? Mono.just(result) : Mono.error(failure);
    }
}
