package io.decidr.platform.tracing;

import io.decidr.application.command.CommandTracing;
import io.decidr.eventstore.EventMetadata;
import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import java.util.UUID;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * A span per command, {@code command <category>}, child of the caller's span: the HTTP request's in the subscriber's
 * context ({@link RequestSpans}), or another observation there, else the span current on the thread (a Temporal
 * activity's); a new trace when there is none. The command's events store the trace id and the span as a W3C
 * {@code traceparent}. The command's log lines carry its tenant, correlation and command ids and its trace
 * ({@link LogContext}).
 */
final class CommandSpans implements CommandTracing {

    /** Null when tracing is off: the logs still get the command's ids. */
    private final Tracer tracer;

    CommandSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public <T> Mono<T> traced(String category, UUID tenant, EventMetadata metadata,
            Function<EventMetadata, Mono<T>> handling) {
        if (tracer == null) {
            return handling.apply(metadata).contextWrite(context -> LogContext.put(context, new LogContext.Fields(
                    tenant, metadata.correlationId(), metadata.commandId(), null, null)));
        }
        return Mono.deferContextual(context -> {
            Span parent = parent(context);
            Span span = (parent == null ? tracer.nextSpan() : tracer.nextSpan(parent))
                    .name("command " + category)
                    .tag("decidr.command.id", metadata.commandId().toString())
                    .tag("decidr.correlation.id", metadata.correlationId().toString())
                    .start();
            TraceContext trace = span.context();
            return handling.apply(metadata.inTrace(trace.traceId(), traceparent(trace)))
                    .doOnError(span::error)
                    .doFinally(signal -> span.end())
                    .contextWrite(inner -> LogContext.put(inner, new LogContext.Fields(
                            tenant, metadata.correlationId(), metadata.commandId(), trace.traceId(), trace.spanId())));
        });
    }

    private Span parent(ContextView context) {
        Span request = context.getOrDefault(RequestSpans.KEY, null);
        if (request != null) {
            return request;
        }
        // a GraphQL field's observation is a no-op (they are switched off: too costly per field), and hides the request's
        Observation observation = context.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
        if (observation != null && !observation.isNoop()) {
            TracingObservationHandler.TracingContext tracing =
                    observation.getContext().get(TracingObservationHandler.TracingContext.class);
            if (tracing != null && tracing.getSpan() != null) {
                return tracing.getSpan();
            }
        }
        return tracer.currentSpan();
    }

    /** {@code 00-<trace id>-<span id>-<01 if sampled, else 00>}. */
    static String traceparent(TraceContext trace) {
        return "00-" + trace.traceId() + "-" + trace.spanId() + (Boolean.TRUE.equals(trace.sampled()) ? "-01" : "-00");
    }
}
