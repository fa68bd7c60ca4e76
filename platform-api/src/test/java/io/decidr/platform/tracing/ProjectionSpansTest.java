package io.decidr.platform.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProjectionSpansTest {

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void reads_the_traceparent_as_the_log_prints_jsonb_and_as_jackson_writes_it() {
        assertThat(ProjectionSpans.traceparent("{\"actor\": \"ann\", \"traceId\": \"4bf92f3577b34da6a3ce929d0e0e4736\", "
                + "\"traceparent\": \"" + TRACEPARENT + "\", \"correlationId\": \"x\"}")).isEqualTo(TRACEPARENT);
        assertThat(ProjectionSpans.traceparent("{\"traceparent\":\"" + TRACEPARENT + "\"}")).isEqualTo(TRACEPARENT);
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
