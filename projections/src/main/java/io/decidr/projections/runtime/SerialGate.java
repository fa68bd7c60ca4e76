package io.decidr.projections.runtime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/** Runs asynchronous work one piece at a time, in arrival order, without blocking a thread. */
final class SerialGate {

    private final AtomicReference<CompletableFuture<Void>> tail =
            new AtomicReference<>(CompletableFuture.completedFuture(null));

    <T> Mono<T> run(Supplier<Mono<T>> work) {
        return Mono.defer(() -> {
            CompletableFuture<Void> mine = new CompletableFuture<>();
            CompletableFuture<Void> previous = tail.getAndSet(mine);
            return Mono.fromFuture(previous, true)
                    .then(Mono.defer(work))
                    .doFinally(signal -> mine.complete(null));
        });
    }
}
