package io.decidr.application.command;

import io.decidr.eventstore.EventMetadata;
import java.util.UUID;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * Runs each command of the {@link CommandBus} in a span of the caller's trace and stamps the trace on the metadata its
 * events are stored with, so that whoever handles those events later (a projector) continues the same trace. The
 * caller's trace is whatever the subscriber's context or thread carries (a GraphQL request, a Temporal activity).
 * An implementation may also give the command's log lines its ids.
 */
public interface CommandTracing {

    /** No tracing: the metadata stays as it is. */
    CommandTracing NONE = new CommandTracing() {
        @Override
        public <T> Mono<T> traced(String category, UUID tenant, EventMetadata metadata,
                Function<EventMetadata, Mono<T>> handling) {
            return handling.apply(metadata);
        }
    };

    /**
     * @param category the aggregate's stream category (names the span)
     * @param tenant   the tenant of the command's aggregate (for the logs)
     * @param metadata the command's metadata, without a trace
     * @param handling handles the command with the metadata it is given (the traced one)
     */
    <T> Mono<T> traced(String category, UUID tenant, EventMetadata metadata, Function<EventMetadata, Mono<T>> handling);
}
