package io.decidr.platform.web;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Every failure that reaches the HTTP layer answers a GraphQL-shaped error with a code: a body over the limit is
 * 413 {@code REQUEST_TOO_LARGE} (WebFlux raises DataBufferLimitException, which would otherwise be a 500), a body
 * that is not JSON, not UTF-8 or not one GraphQL request is 400 {@code MALFORMED_REQUEST}, a wrong content type 415,
 * and so on. Anything unforeseen is a 500 {@code INTERNAL} with an incident id for the log, never a stack trace.
 * Ahead of Spring Boot's own error handler (order -1).
 */
@Component
@Order(-2)
public class HttpErrorHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(HttpErrorHandler.class);

    private final long maxBodyBytes;

    public HttpErrorHandler(GraphQlHttpGate limit) {
        this.maxBodyBytes = limit.maxBytes();
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        var response = exchange.getResponse();
        if (response.isCommitted()) {
            // too late for an error response (a WebSocket session, say): pass it on, as the contract wants, so the
            // server ends the exchange (swallowing it here would leave a WebSocket open that should close)
            return Mono.error(error);
        }
        if (cause(error, DataBufferLimitException.class).isPresent()) {
            return HttpErrors.write(response, HttpStatus.PAYLOAD_TOO_LARGE, HttpErrors.REQUEST_TOO_LARGE,
                    "the request body is larger than " + maxBodyBytes + " bytes", Map.of("limit", maxBodyBytes));
        }
        return switch (error) {
            case UnsupportedMediaTypeStatusException e -> HttpErrors.write(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    HttpErrors.UNSUPPORTED_MEDIA_TYPE, "send the request as application/json");
            case NotAcceptableStatusException e -> HttpErrors.write(response, HttpStatus.NOT_ACCEPTABLE,
                    HttpErrors.NOT_ACCEPTABLE, "responses are application/json or application/graphql-response+json");
            case MethodNotAllowedException e -> {
                response.getHeaders().setAllow(e.getSupportedMethods());
                yield HttpErrors.write(response, HttpStatus.METHOD_NOT_ALLOWED, HttpErrors.METHOD_NOT_ALLOWED,
                        exchange.getRequest().getMethod() + " is not allowed here; use " + e.getSupportedMethods());
            }
            case ServerWebInputException e -> HttpErrors.write(response, HttpStatus.BAD_REQUEST,
                    HttpErrors.MALFORMED_REQUEST, "the body is not one GraphQL request as UTF-8 JSON"
                            + " ({\"query\": \"...\", \"variables\": {...}}; batches are not supported)");
            case ResponseStatusException e when e.getStatusCode().value() == 404 -> HttpErrors.write(response,
                    HttpStatus.NOT_FOUND, HttpErrors.NOT_FOUND, "there is nothing at " + exchange.getRequest().getPath());
            case ResponseStatusException e when e.getStatusCode().is4xxClientError() -> HttpErrors.write(response,
                    HttpStatus.valueOf(e.getStatusCode().value()), codeFor(e.getStatusCode()),
                    e.getReason() == null ? "the request was refused" : e.getReason());
            default -> internal(exchange, error);
        };
    }

    private static Mono<Void> internal(ServerWebExchange exchange, Throwable error) {
        String incident = UUID.randomUUID().toString();
        log.error("unexpected failure of {} {} (incident {})", exchange.getRequest().getMethod(),
                exchange.getRequest().getPath(), incident, error);
        return HttpErrors.write(exchange.getResponse(), HttpStatus.INTERNAL_SERVER_ERROR, HttpErrors.INTERNAL,
                "something went wrong on our side (incident " + incident + ")", Map.of("incident", incident));
    }

    private static String codeFor(HttpStatusCode status) {
        return switch (status.value()) {
            case 401 -> HttpErrors.UNAUTHENTICATED;
            case 403 -> HttpErrors.FORBIDDEN;
            default -> HttpErrors.MALFORMED_REQUEST;
        };
    }

    private static <T extends Throwable> Optional<T> cause(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }
}
