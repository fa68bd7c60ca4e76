package io.decidr.platform.tracing;

import io.decidr.application.command.CommandTracing;
import io.micrometer.context.ContextRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Hooks;

/**
 * Switches tracing and the command's log fields on when asked: spans when {@code management.tracing.enabled} (off by
 * default; spans leave over OTLP when {@code management.otlp.tracing.endpoint} is set), log fields when either that or
 * JSON logs ({@code logging.structured.format.console}) are on. Either turns on Reactor's automatic context
 * propagation, so that a trace and the log fields follow a request across threads (to a Temporal client call on
 * another thread, say); off, the hot paths pay nothing for either.
 */
@Configuration(proxyBeanMethods = false)
public class TracingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TracingConfiguration.class);

    /**
     * What is switched on, read once. While either is, Reactor propagates contexts to thread-locals automatically and
     * the log fields' accessor is registered; both are undone when the application closes (they are global to the JVM).
     */
    record Switches(boolean tracing, boolean jsonLogs) implements AutoCloseable {
        boolean any() {
            return tracing || jsonLogs;
        }

        @Override
        public void close() {
            if (any()) {
                ContextRegistry.getInstance().removeThreadLocalAccessor(LogContext.KEY);
                ContextRegistry.getInstance().removeThreadLocalAccessor(RequestSpans.KEY);
                Hooks.disableAutomaticContextPropagation();
            }
        }
    }

    @Bean
    Switches tracingSwitches(ObjectProvider<Tracer> tracers,
            @Value("${management.tracing.enabled:false}") boolean tracing,
            @Value("${logging.structured.format.console:}") String jsonLogs) {
        Tracer tracer = tracers.getIfAvailable(() -> Tracer.NOOP);
        Switches switches = new Switches(tracing && tracer != Tracer.NOOP, !jsonLogs.isBlank());
        log.info("tracing {}, JSON logs {}", switches.tracing() ? "on" : "off", switches.jsonLogs() ? "on" : "off");
        if (switches.any()) {
            ContextRegistry.getInstance().registerThreadLocalAccessor(new LogContext());
            Hooks.enableAutomaticContextPropagation();
        }
        return switches;
    }

    /** The HTTP request's span for commands and Temporal calls (see {@link RequestSpans}); only with tracing on. */
    @Bean
    @ConditionalOnProperty(name = "management.tracing.enabled", havingValue = "true")
    RequestSpans requestSpans(Switches switches, Tracer tracer) {
        RequestSpans spans = new RequestSpans(tracer);
        if (switches.tracing()) {
            ContextRegistry.getInstance().registerThreadLocalAccessor(spans);
        }
        return spans;
    }

    /**
     * Tracing off: Spring Boot would still make (and record, then drop) a span per HTTP and GraphQL request and per
     * Temporal call, and only stop exporting and propagating them. Off here means no span at all: Micrometer's tracer is
     * the no-op one, and OpenTelemetry's sampler (behind Temporal's interceptors) records nothing.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "management.tracing.enabled", havingValue = "false", matchIfMissing = true)
    static class TracingOff {

        @Bean
        Tracer noopTracer() {
            return Tracer.NOOP;
        }

        @Bean
        Sampler neverSample() {
            return Sampler.alwaysOff();
        }
    }

    @Bean
    CommandTracing commandTracing(Switches switches, ObjectProvider<Tracer> tracers) {
        if (!switches.any()) {
            return CommandTracing.NONE;
        }
        return new CommandSpans(switches.tracing() ? tracers.getObject() : null);
    }

    @Bean
    ProjectionSpans projectionSpans(Switches switches, ObjectProvider<Propagator> propagators) {
        return new ProjectionSpans(switches.tracing() ? propagators.getObject() : null);
    }
}
