package io.decidr.platform.hardening;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Requests as bytes, with any method, headers and body, so malformed input reaches the server as sent. */
final class RawHttp {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    RawHttp(int port) {
        this.baseUrl = "http://127.0.0.1:" + port;
    }

    /** A response: status, headers and body as text, and the body parsed when it is JSON. */
    record Reply(int status, Map<String, List<String>> headers, String body) {

        Map<String, Object> json() {
            try {
                return JSON.readValue(body, new TypeReference<>() { });
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + body, e);
            }
        }

        /** The first error's {@code extensions.code}. */
        @SuppressWarnings("unchecked")
        String code() {
            List<Map<String, Object>> errors = (List<Map<String, Object>>) json().get("errors");
            if (errors == null || errors.isEmpty()) {
                throw new AssertionError("no errors (status " + status + "): " + body);
            }
            return (String) ((Map<String, Object>) errors.getFirst().get("extensions")).get("code");
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> extensions() {
            List<Map<String, Object>> errors = (List<Map<String, Object>>) json().get("errors");
            return (Map<String, Object>) errors.getFirst().get("extensions");
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
        }
    }

    Reply post(String path, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    /** Without a declared length: the server only learns the size by reading. */
    Reply postChunked(String path, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    Reply get(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    /** A GraphQL request as JSON with a bearer token (none when null). */
    Reply graphql(String token, String document, Map<String, Object> variables) {
        try {
            byte[] body = JSON.writeValueAsBytes(variables == null ? Map.of("query", document)
                    : Map.of("query", document, "variables", variables));
            return token == null ? post("/graphql", "application/json", body)
                    : post("/graphql", "application/json", body, "Authorization", "Bearer " + token);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Reply send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
