package io.decidr.workflows;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import java.util.concurrent.Callable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Blocking calls of the Temporal client, made off the event loop (on the bounded elastic scheduler) with the caller's
 * context around them: whatever the subscriber's context holds for a registered thread-local accessor (the request's
 * observation, hence its span, when tracing is on) is set on the calling thread for the call's length, so Temporal's
 * client interceptors start the workflow in the caller's trace. With nothing registered, it is a plain blocking call.
 */
public final class TemporalCalls {

    private static final ContextSnapshotFactory SNAPSHOTS = ContextSnapshotFactory.builder().build();

    private TemporalCalls() {
    }

    public static <T> Mono<T> call(Callable<T> call) {
        return Mono.deferContextual(context -> Mono.fromCallable(() -> {
            try (ContextSnapshot.Scope scope = SNAPSHOTS.setThreadLocalsFrom(context)) {
                return call.call();
            }
        })).subscribeOn(Schedulers.boundedElastic());
    }
}
