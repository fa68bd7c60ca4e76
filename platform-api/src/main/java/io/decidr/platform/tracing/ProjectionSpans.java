package io.decidr.platform.tracing;

import io.decidr.eventstore.RecordedEvent;
import io.decidr.projections.runtime.Projection;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.propagation.Propagator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Mono;

/**
 * Wraps a projection so that it applies each event in a span, {@code project <projection>}, child of the command's span
 * the event's metadata names ({@code traceparent}): the trace of a request goes on to the projectors that applied what
 * it wrote, in whatever process they run. Events stored without a trace are applied as they are.
 */
public final class ProjectionSpans implements UnaryOperator<Projection> {

    private static final String FIELD = "\"traceparent\":";
    /** {@code 00-} + 32 + {@code -} + 16 + {@code -} + 2. */
    private static final int LENGTH = 55;

    /** Null when tracing is off: projections stay as they are. */
    private final Propagator propagator;

    ProjectionSpans(Propagator propagator) {
        this.propagator = propagator;
    }

    @Override
    public Projection apply(Projection projection) {
        return propagator == null ? projection : traced(projection);
    }

    private Projection traced(Projection projection) {
        return new Projection() {
            @Override
            public String name() {
                return projection.name();
            }

            @Override
            public Mono<Void> apply(RecordedEvent event) {
                String traceparent = traceparent(event.metadata());
                if (traceparent == null) {
                    return projection.apply(event);
                }
                return Mono.defer(() -> {
                    Span span = propagator.extract(Map.of("traceparent", traceparent), Map::get)
                            .name("project " + projection.name())
                            .tag("decidr.event.type", event.type())
                            .tag("decidr.event.id", event.eventId().toString())
                            .start();
                    return projection.apply(event).doOnError(span::error).doFinally(signal -> span.end());
                });
            }

            /** The projection's own for the batch (keys fetched once for it, say), traced alike. */
            @Override
            public Mono<Projection> forBatch(List<RecordedEvent> batch) {
                return projection.forBatch(batch).map(bound -> bound == projection ? this : traced(bound));
            }
        };
    }

    /**
     * The metadata's {@code traceparent}, read without parsing the whole JSON (it is on every event applied): the log
     * gives it back as PostgreSQL prints {@code jsonb} ({@code "traceparent": "00-..."}).
     */
    static String traceparent(String metadata) {
        int at = metadata == null ? -1 : metadata.indexOf(FIELD);
        if (at < 0) {
            return null;
        }
        int start = at + FIELD.length();
        while (start < metadata.length() && metadata.charAt(start) == ' ') {
            start++;
        }
        if (start + 1 + LENGTH >= metadata.length() || metadata.charAt(start) != '"'
                || metadata.charAt(start + 1 + LENGTH) != '"') {
            return null; // null, or not a traceparent this reads
        }
        return metadata.substring(start + 1, start + 1 + LENGTH);
    }
}
