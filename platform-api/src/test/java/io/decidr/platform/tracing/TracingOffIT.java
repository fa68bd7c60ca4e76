package io.decidr.platform.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.application.command.CommandTracing;
import io.decidr.platform.support.Api;
import io.decidr.platform.support.PlatformTest;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * Tracing is off unless asked for, and off means no span at all (not spans made and dropped): the suite's application
 * runs with the defaults. A request that brings a trace leaves no trace in its events.
 */
class TracingOffIT extends PlatformTest {

    @Autowired
    Tracer tracer;
    @Autowired
    Sampler sampler;
    @Autowired
    CommandTracing commandTracing;

    @Test
    void off_by_default_makes_no_span_and_stores_no_trace() {
        assertThat(tracer).isSameAs(Tracer.NOOP);
        assertThat(sampler).isEqualTo(Sampler.alwaysOff());
        assertThat(commandTracing).isSameAs(CommandTracing.NONE);

        Api api = new Api(port);
        HttpGraphQlTester root = api.as(api.token(null, "root", "platform-admin")).mutate()
                .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").build();
        String tenant = root.document("mutation { registerTenant(name: \"Untraced\") { id } }").execute()
                .path("registerTenant.id").entity(String.class).get();
        @SuppressWarnings("rawtypes")
        List<Map> events = api.as(api.token(java.util.UUID.fromString(tenant), "una", "admin"))
                .document("query($id: ID!) { history(kind: TENANT, id: $id) { events { commandId causationId traceId } } }")
                .variable("id", tenant).execute().path("history.events").entityList(Map.class).get();
        assertThat(events).isNotEmpty().allSatisfy(event -> {
            assertThat(event.get("traceId")).isNull();
            assertThat(event.get("causationId")).as("a user's command is its own cause").isEqualTo(event.get("commandId"));
        });
    }
}
