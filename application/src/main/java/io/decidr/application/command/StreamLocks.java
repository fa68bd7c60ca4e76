package io.decidr.application.command;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Runs asynchronous work one at a time per key, without blocking a thread: each caller chains behind the
 * previous caller's completion. Keys with nothing queued take no memory.
 */
final class StreamLocks {

    private final ConcurrentHashMap<Object, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    <T> Mono<T> serialize(Object key, Supplier<Mono<T>> work) {
        return Mono.defer(() -> {
            CompletableFuture<Void> mine = new CompletableFuture<>();
            CompletableFuture<Void> previous = tails.put(key, mine);
            Mono<Void> turn = previous == null ? Mono.empty() : Mono.fromFuture(previous, true);
            return turn.then(Mono.defer(work)).doFinally(signal -> {
                tails.remove(key, mine);
                mine.complete(null);
            });
        });
    }

    /** Keys with work queued or running (for tests and metrics). */
    int busyKeys() {
        return tails.size();
    }
}
