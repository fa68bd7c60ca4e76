package io.decidr.platform.web;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses what GraphQL over HTTP cannot take before any of the body is read, with a GraphQL-shaped error (Spring's
 * GraphQL routes answer these with an empty body, or an empty 200 for a POST without a body):
 * <ul>
 *   <li>a declared length over {@code spring.codec.max-in-memory-size}: 413 {@code REQUEST_TOO_LARGE} (a body sent
 *       without a length is cut at that size by the codecs, see {@link HttpErrorHandler}); not on {@code /uploads},
 *       whose files are streamed to storage under their own limit;</li>
 *   <li>on the GraphQL path, a method other than POST (and a GET WebSocket handshake): 405
 *       {@code METHOD_NOT_ALLOWED}; a content type other than JSON: 415 {@code UNSUPPORTED_MEDIA_TYPE}; no body: 400
 *       {@code MALFORMED_REQUEST}; an {@code Accept} without JSON (e.g. only {@code text/event-stream}: subscriptions
 *       are served over graphql-ws, where connection caps and token expiry hold): 406 {@code NOT_ACCEPTABLE}.</li>
 * </ul>
 * Runs after authentication, so a caller without a token learns nothing more than 401.
 */
@Component
public class GraphQlHttpGate implements WebFilter {

    /** Where files are uploaded (streamed, see the uploads controller). */
    public static final String UPLOADS = "/uploads";

    private final long maxBytes;
    private final String graphQlPath;

    public GraphQlHttpGate(@Value("${spring.codec.max-in-memory-size:1MB}") DataSize maxSize,
            @Value("${spring.graphql.http.path:/graphql}") String graphQlPath) {
        this.maxBytes = maxSize.toBytes();
        this.graphQlPath = graphQlPath;
    }

    /** The largest body accepted, in bytes. */
    public long maxBytes() {
        return maxBytes;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var request = exchange.getRequest();
        var response = exchange.getResponse();
        long length = request.getHeaders().getContentLength();
        if (length > maxBytes && !upload(exchange)) {
            return HttpErrors.write(response, HttpStatus.PAYLOAD_TOO_LARGE, HttpErrors.REQUEST_TOO_LARGE,
                    "the request body has " + length + " bytes; at most " + maxBytes + " are accepted",
                    Map.of("limit", maxBytes));
        }
        if (!request.getPath().value().equals(graphQlPath) || webSocketHandshake(exchange)) {
            return chain.filter(exchange);
        }
        if (!HttpMethod.POST.equals(request.getMethod())) {
            response.getHeaders().setAllow(Set.of(HttpMethod.POST));
            return HttpErrors.write(response, HttpStatus.METHOD_NOT_ALLOWED, HttpErrors.METHOD_NOT_ALLOWED,
                    "send GraphQL requests as POST (subscriptions: graphql-ws over a WebSocket)");
        }
        if (!json(request.getHeaders().getFirst("Content-Type"))) {
            return HttpErrors.write(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, HttpErrors.UNSUPPORTED_MEDIA_TYPE,
                    "send the request as application/json");
        }
        if (length <= 0 && !request.getHeaders().containsKey("Transfer-Encoding")) {
            return HttpErrors.write(response, HttpStatus.BAD_REQUEST, HttpErrors.MALFORMED_REQUEST,
                    "the body is empty: send one GraphQL request as JSON ({\"query\": \"...\"})");
        }
        if (!acceptsJson(request.getHeaders())) {
            return HttpErrors.write(response, HttpStatus.NOT_ACCEPTABLE, HttpErrors.NOT_ACCEPTABLE,
                    "responses are application/json or application/graphql-response+json; subscriptions are served"
                            + " over graphql-ws (a WebSocket on this path)");
        }
        AnswerOrRefuse answer = new AnswerOrRefuse(response);
        return chain.filter(exchange.mutate().response(answer).build())
                .then(Mono.defer(() -> answer.wrote.get() || response.isCommitted() ? Mono.<Void>empty()
                        : HttpErrors.write(response, HttpStatus.BAD_REQUEST, HttpErrors.MALFORMED_REQUEST,
                                "the body is not one GraphQL request ({\"query\": \"...\", \"variables\": {...}})")));
    }

    /**
     * A body that decodes to no request at all ({@code null}) leaves GraphQL with nothing to answer, and WebFlux would
     * send an empty 200: answer 400 {@code MALFORMED_REQUEST} instead, when the handler completes without a body.
     */
    private static final class AnswerOrRefuse extends ServerHttpResponseDecorator {

        private final AtomicBoolean wrote = new AtomicBoolean();

        AnswerOrRefuse(ServerHttpResponse delegate) {
            super(delegate);
        }

        @Override
        public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
            wrote.set(true);
            return super.writeWith(body);
        }

        @Override
        public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
            wrote.set(true);
            return super.writeAndFlushWith(body);
        }

        @Override
        public Mono<Void> setComplete() {
            if (wrote.get() || getDelegate().isCommitted() || !HttpStatus.OK.equals(getDelegate().getStatusCode())) {
                return super.setComplete();
            }
            return HttpErrors.write(getDelegate(), HttpStatus.BAD_REQUEST, HttpErrors.MALFORMED_REQUEST,
                    "the body is not one GraphQL request ({\"query\": \"...\", \"variables\": {...}})");
        }
    }

    private static boolean acceptsJson(org.springframework.http.HttpHeaders headers) {
        List<MediaType> accepted;
        try {
            accepted = headers.getAccept();
        } catch (InvalidMediaTypeException notAType) {
            return false;
        }
        if (accepted.isEmpty()) {
            return true;
        }
        for (MediaType type : accepted) {
            if (type.isWildcardType() || MediaType.APPLICATION_JSON.isCompatibleWith(type)
                    || ("application".equals(type.getType()) && type.getSubtype().endsWith("+json"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean upload(ServerWebExchange exchange) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        return path.equals(UPLOADS) || path.startsWith(UPLOADS + "/");
    }

    private static boolean webSocketHandshake(ServerWebExchange exchange) {
        return HttpMethod.GET.equals(exchange.getRequest().getMethod())
                && "websocket".equalsIgnoreCase(exchange.getRequest().getHeaders().getUpgrade());
    }

    private static boolean json(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return MediaType.APPLICATION_JSON.isCompatibleWith(type)
                    || ("application".equals(type.getType()) && type.getSubtype().endsWith("+json"));
        } catch (InvalidMediaTypeException notAType) {
            return false;
        }
    }
}
