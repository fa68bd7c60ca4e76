package io.decidr.platform.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.eventstore.Checkpoint;
import io.decidr.eventstore.RecordedEvent;
import io.decidr.eventstore.StreamId;
import io.decidr.projections.runtime.Projection;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class ProjectionSpansTest {

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void reads_the_traceparent_as_the_log_prints_jsonb_and_as_jackson_writes_it() {
        assertThat(ProjectionSpans.traceparent("{\"actor\": \"ann\", \"traceId\": \"4bf92f3577b34da6a3ce929d0e0e4736\", "
                + "\"traceparent\": \"" + TRACEPARENT + "\", \"correlationId\": \"x\"}")).isEqualTo(TRACEPARENT);
        assertThat(ProjectionSpans.traceparent("{\"traceparent\":\"" + TRACEPARENT + "\"}")).isEqualTo(TRACEPARENT);
    }

    @Test
    void a_traced_projection_applies_a_batch_with_the_projections_own_for_that_batch() {
        List<String> applied = new ArrayList<>();
        Projection prepared = projection("prepared", applied, null);
        Projection traced = new ProjectionSpans(Propagator.NOOP).apply(projection("plain", applied, prepared));
        RecordedEvent event = new RecordedEvent(Checkpoint.START, UUID.randomUUID(),
                StreamId.of("entity", UUID.randomUUID(), UUID.randomUUID()), 1, UUID.randomUUID(), "entity.created", 1,
                "{}", "{\"traceparent\": \"" + TRACEPARENT + "\"}", Instant.now());
        traced.forBatch(List.of(event)).block().apply(event).block();
        // the keys a projection fetches for a batch are not lost to tracing: the batch's projection applies it
        assertThat(applied).containsExactly("prepared");
    }

    private static Projection projection(String name, List<String> applied, Projection forBatch) {
        return new Projection() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Mono<Void> apply(RecordedEvent event) {
                return Mono.fromRunnable(() -> applied.add(name));
            }

            @Override
            public Mono<Projection> forBatch(List<RecordedEvent> batch) {
                return Mono.just(forBatch == null ? this : forBatch);
            }
        };
    }

    @Test
    void finds_none_when_the_event_was_stored_without_a_trace() {
        assertThat(ProjectionSpans.traceparent("{\"actor\": \"ann\", \"traceparent\": null, \"correlationId\": "
                + "\"6f1c2c55-2f0e-4d55-9a53-0f3c8f0a9d11\"}")).isNull();
        assertThat(ProjectionSpans.traceparent("{\"actor\": \"ann\", \"commandId\": \"6f1c2c55-2f0e-4d55-9a53-0f3c8f0a9d11\"}"))
                .isNull();
        assertThat(ProjectionSpans.traceparent("{\"traceparent\": \"00-short\"}")).isNull();
        assertThat(ProjectionSpans.traceparent(null)).isNull();
    }
}
