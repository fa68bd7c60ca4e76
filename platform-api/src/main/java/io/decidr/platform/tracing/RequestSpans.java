package io.decidr.platform.tracing;

import io.micrometer.context.ThreadLocalAccessor;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The HTTP request's span, kept in the Reactor context under a key of its own for the whole request: a GraphQL field's
 * observation (a no-op, switched off) replaces the request's under the usual key, and would leave commands and Temporal
 * calls without a parent. As a thread-local accessor it puts the span in scope where a context is restored onto a
 * thread ({@link io.decidr.workflows.TemporalCalls}), so Temporal's client interceptors start workflows under it.
 */
final class RequestSpans implements WebFilter, Ordered, ThreadLocalAccessor<Span> {

    static final String KEY = "decidr.request-span";

    private final Tracer tracer;
    private final ThreadLocal<Tracer.SpanInScope> scopes = new ThreadLocal<>();

    RequestSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Span span = ServerRequestObservationContext.findCurrent(exchange.getAttributes())
                .map(observed -> observed.<TracingObservationHandler.TracingContext>get(
                        TracingObservationHandler.TracingContext.class))
                .map(TracingObservationHandler.TracingContext::getSpan)
                .orElse(null);
        return span == null ? chain.filter(exchange) : chain.filter(exchange).contextWrite(context -> context.put(KEY, span));
    }

    /** Right after the filter that observes the request (Spring Boot's is at the highest precedence + 1). */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 2;
    }

    @Override
    public Object key() {
        return KEY;
    }

    /** Never captured from a thread: only restored from a request's context. */
    @Override
    public Span getValue() {
        return null;
    }

    @Override
    public void setValue(Span span) {
        closeScope();
        scopes.set(tracer.withSpan(span));
    }

    @Override
    public void setValue() {
        closeScope();
    }

    private void closeScope() {
        Tracer.SpanInScope open = scopes.get();
        if (open != null) {
            scopes.remove();
            open.close();
        }
    }
}
