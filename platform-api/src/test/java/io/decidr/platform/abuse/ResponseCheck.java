package io.decidr.platform.abuse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What every answer of the API must be, whatever was sent:
 * <ul>
 *   <li>an answer at all, within the client's timeout, and never a 5xx;</li>
 *   <li>on {@code /graphql}, a GraphQL-shaped body: {@code data} and/or {@code errors} on a 2xx, a non-empty
 *       {@code errors} on a 4xx. The one exception is the security layer's 401 with an empty body and a
 *       {@code WWW-Authenticate: Bearer} header (RFC 6750), which bearer-token clients understand;</li>
 *   <li>every error with an {@code extensions.code}, and never {@code INTERNAL} (a server failure behind a 200:
 *       a client's mistake must be refused with a client code);</li>
 *   <li>no stack trace, exception or class name in error messages, extensions, headers or non-GraphQL bodies;</li>
 *   <li>no data for a request without valid credentials.</li>
 * </ul>
 */
final class ResponseCheck {

    static final String NO_ANSWER = "no answer (timeout or connection closed)";
    static final String SERVER_ERROR = "5xx status";
    static final String NOT_GRAPHQL_4XX = "4xx body is not a GraphQL error with a code";
    static final String NOT_GRAPHQL_2XX = "2xx body is not a GraphQL response";
    static final String NO_CODE = "error without extensions.code";
    static final String INTERNAL = "INTERNAL error code (a server failure behind the answer)";
    static final String LEAK = "stack trace, exception or class name in the answer";
    static final String DATA_WITHOUT_CREDENTIALS = "data answered to a request without valid credentials";

    private final ObjectMapper json;

    ResponseCheck(ObjectMapper json) {
        this.json = json;
    }

    List<Violation> check(AbuseCase abuse, Exchange exchange) {
        List<Violation> found = new ArrayList<>();
        Reporter report = (kind, detail) -> found.add(new Violation(kind, abuse.label(), abuse.call().excerpt(),
                (exchange.status() == 0 ? "" : "HTTP " + exchange.status() + " ") + detail));
        if (RawHttp.SILENT_STREAM.equals(exchange.failure())) {
            return found;
        }
        if (exchange.status() == 0) {
            report.add(NO_ANSWER, exchange.failure() + " after " + exchange.millis() + " ms (sent at "
                    + java.time.LocalTime.now().minusNanos(exchange.millis() * 1_000_000) + ")");
            return found;
        }
        String body = exchange.text();
        String excerpt = Texts.cut(body, 400);
        if (exchange.failure() != null) {
            report.add(NO_ANSWER, exchange.failure() + "; body so far: " + excerpt);
        }
        if (exchange.status() >= 500) {
            report.add(SERVER_ERROR, excerpt);
        }
        exchange.header("www-authenticate").flatMap(Leaks::find)
                .ifPresent(leak -> report.add(LEAK, "WWW-Authenticate header: " + leak));
        boolean graphQlPath = abuse.call().path().startsWith("/graphql");
        List<JsonNode> documents = documents(exchange, body);
        if (exchange.status() >= 400) {
            boolean bearerChallenge = exchange.status() == 401 && body.isBlank()
                    && exchange.header("www-authenticate").orElse("").startsWith("Bearer");
            if (graphQlPath && !bearerChallenge && !isErrorDocument(documents)) {
                report.add(NOT_GRAPHQL_4XX, "[" + exchange.contentType() + "] " + (body.isEmpty() ? "(empty body)" : excerpt));
            }
            if (documents.isEmpty()) {
                Leaks.find(body).ifPresent(leak -> report.add(LEAK, leak));
            }
        } else if (graphQlPath && !exchange.truncated()
                && (documents.isEmpty() || documents.stream().anyMatch(d -> !d.has("data") && !d.has("errors")))) {
            report.add(NOT_GRAPHQL_2XX, "[" + exchange.contentType() + "] " + excerpt);
        }
        for (JsonNode document : documents) {
            checkErrors(document.path("errors"), report, excerpt);
            if (abuse.call().unauthorized() && hasData(document.path("data"))) {
                report.add(DATA_WITHOUT_CREDENTIALS, excerpt);
            }
            if (!document.has("data") && !document.has("errors")) {
                Leaks.find(document.toString()).ifPresent(leak -> report.add(LEAK, leak));
            }
        }
        return found;
    }

    /** Checks a GraphQL {@code errors} array (of a response, an event-stream event or a graphql-ws message). */
    static void checkErrors(JsonNode errors, Reporter report, String excerpt) {
        for (JsonNode error : errors) {
            JsonNode code = error.path("extensions").path("code");
            if (!code.isTextual() || code.asText().isBlank()) {
                report.add(NO_CODE, "message: " + Texts.cut(error.path("message").asText(), 300) + " — in " + excerpt);
            } else if (code.asText().equals("INTERNAL")) {
                report.add(INTERNAL, Texts.cut(error.toString(), 400));
            }
            Leaks.find(error.path("message").asText())
                    .or(() -> Leaks.find(error.path("extensions").toString()))
                    .ifPresent(leak -> report.add(LEAK, leak));
        }
    }

    /** Whether any field of {@code data} holds a value (a null data, or all-null fields, is no data). */
    static boolean hasData(JsonNode data) {
        if (data == null || data.isMissingNode() || data.isNull()) {
            return false;
        }
        if (!data.isObject()) {
            return true;
        }
        for (JsonNode value : data) {
            if (!value.isNull()) {
                return true;
            }
        }
        return false;
    }

    private static boolean isErrorDocument(List<JsonNode> documents) {
        return !documents.isEmpty() && documents.stream().allMatch(d -> d.path("errors").isArray()
                && !d.path("errors").isEmpty()
                && java.util.stream.StreamSupport.stream(d.path("errors").spliterator(), false)
                        .allMatch(e -> e.path("extensions").path("code").isTextual()));
    }

    /** The JSON documents of the body: one, or one per {@code data:} line of an event stream; none if not JSON. */
    private List<JsonNode> documents(Exchange exchange, String body) {
        List<JsonNode> documents = new ArrayList<>();
        if (exchange.contentType().startsWith("text/event-stream")) {
            for (String event : body.split("\n\n")) {
                boolean next = event.lines().noneMatch(line -> line.startsWith("event:") && !line.substring(6).strip().equals("next"));
                String data = event.lines().filter(line -> line.startsWith("data:")).map(line -> line.substring(5))
                        .collect(java.util.stream.Collectors.joining("\n"));
                if (next && !data.isBlank()) {
                    parse(data).filter(JsonNode::isObject).ifPresent(documents::add);
                }
            }
            return documents;
        }
        parse(body).filter(JsonNode::isObject).ifPresent(documents::add);
        return documents;
    }

    private Optional<JsonNode> parse(String text) {
        if (text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readTree(text));
        } catch (java.io.IOException notJson) {
            return Optional.empty();
        }
    }

    /** Where a check reports what it found. */
    @FunctionalInterface
    interface Reporter {
        void add(String kind, String detail);
    }
}
