package io.decidr.platform.web;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Mono;

/**
 * Writes an error the GraphQL way ({@code {"errors":[{"message":..,"extensions":{"code":..}}]}}, as
 * GraphQL-over-HTTP clients expect) for refusals that happen before GraphQL runs. Messages are ours, never an
 * exception's text.
 */
public final class HttpErrors {

    /** Codes of refusals at the HTTP edge. */
    public static final String REQUEST_TOO_LARGE = "REQUEST_TOO_LARGE";
    public static final String MALFORMED_REQUEST = "MALFORMED_REQUEST";
    public static final String UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE";
    public static final String NOT_ACCEPTABLE = "NOT_ACCEPTABLE";
    public static final String METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED";
    public static final String NOT_FOUND = "NOT_FOUND";
    public static final String UNAUTHENTICATED = "UNAUTHENTICATED";
    public static final String FORBIDDEN = "FORBIDDEN";
    public static final String INTERNAL = "INTERNAL";

    private HttpErrors() {
    }

    /** Sets the status and writes one error; extra extensions (e.g. {@code limit}) follow the code. */
    public static Mono<Void> write(ServerHttpResponse response, HttpStatus status, String code, String message,
            Map<String, Object> extensions) {
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("code", code);
        all.putAll(extensions);
        byte[] body = json(message, all).getBytes(StandardCharsets.UTF_8);
        DataBuffer buffer = response.bufferFactory().wrap(body);
        response.getHeaders().setContentLength(body.length);
        return response.writeWith(Mono.just(buffer));
    }

    public static Mono<Void> write(ServerHttpResponse response, HttpStatus status, String code, String message) {
        return write(response, status, code, message, Map.of());
    }

    /** The JSON body of one error, for a controller's own response. */
    public static String body(String code, String message) {
        return json(message, Map.of("code", code));
    }

    /** A small hand-written encoder: the edge must answer even when the request broke the JSON codecs. */
    private static String json(String message, Map<String, Object> extensions) {
        StringBuilder out = new StringBuilder("{\"errors\":[{\"message\":");
        string(out, message);
        out.append(",\"extensions\":{");
        boolean first = true;
        for (Map.Entry<String, Object> entry : extensions.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, entry.getKey());
            out.append(':');
            if (entry.getValue() instanceof Number number) {
                out.append(number);
            } else {
                string(out, String.valueOf(entry.getValue()));
            }
        }
        return out.append("}}]}").toString();
    }

    private static void string(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
