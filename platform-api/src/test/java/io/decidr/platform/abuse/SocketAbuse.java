package io.decidr.platform.abuse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * graphql-ws abuse: every subscription's hostile calls sent as {@code subscribe} messages; every bad credential
 * in {@code connection_init} and in the handshake's header; and protocol abuse (frames that are not JSON, unknown
 * types, missing or duplicate ids, subscribing before or re-sending {@code connection_init}, oversized frames).
 * The checks are those of HTTP answers, in graphql-ws terms: no server-error close (1011), a code on every error,
 * no leak in errors or close reasons, and neither an acknowledgement nor data for bad credentials.
 */
final class SocketAbuse {

    static final String SERVER_CLOSE = "graphql-ws closed with a server error";
    static final String ACCEPTED = "graphql-ws acknowledged invalid credentials";
    static final String NOT_JSON = "graphql-ws message is not JSON";
    static final String FAILED = "graphql-ws connection failed or hung";

    private final ObjectMapper json;
    private final String validToken;
    private final String collectionId;

    SocketAbuse(ObjectMapper json, String validToken, String collectionId) {
        this.json = json;
        this.validToken = validToken;
        this.collectionId = collectionId;
    }

    /** Each subscription case (a GraphQL POST body) as a subscribe message on a connection of its own. */
    List<SocketScript> subscriptions(List<AbuseCase> subscriptionCases) {
        List<SocketScript> scripts = new ArrayList<>();
        for (AbuseCase abuse : subscriptionCases) {
            String payload = new String(abuse.call().body(), StandardCharsets.UTF_8);
            scripts.add(new SocketScript(abuse.target(), abuse.how(), List.of(), init(validToken),
                    List.of("{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":" + payload + "}"), false));
        }
        return scripts;
    }

    /** Every credential in {@code connection_init}, then a subscription and a query. */
    List<SocketScript> credentials(List<AbuseTokens.Credentials> all) {
        List<SocketScript> scripts = new ArrayList<>();
        for (AbuseTokens.Credentials credentials : all) {
            String init = credentials.authorizations().isEmpty() ? "{\"type\":\"connection_init\"}"
                    : "{\"type\":\"connection_init\",\"payload\":" + bytes(Map.of("Authorization",
                            String.join(", ", credentials.authorizations()))) + "}";
            scripts.add(new SocketScript("token", credentials.name() + " in connection_init", List.of(), init,
                    operations(), credentials.unauthorized()));
            if (!credentials.authorizations().isEmpty()) {
                scripts.add(new SocketScript("token", credentials.name() + " in the handshake header only",
                        credentials.authorizations(), "{\"type\":\"connection_init\"}", operations(),
                        credentials.unauthorized()));
            }
        }
        scripts.add(new SocketScript("token", "valid token in the handshake header, garbage in connection_init",
                List.of("Bearer " + validToken), "{\"type\":\"connection_init\",\"payload\":{\"Authorization\":\"Bearer garbage\"}}",
                operations(), true));
        scripts.add(new SocketScript("token", "lower-case authorization key", List.of(),
                "{\"type\":\"connection_init\",\"payload\":{\"authorization\":\"Bearer " + validToken + "\"}}", operations(), false));
        scripts.add(new SocketScript("token", "Authorization a number", List.of(),
                "{\"type\":\"connection_init\",\"payload\":{\"Authorization\":5}}", operations(), true));
        scripts.add(new SocketScript("token", "Authorization an object", List.of(),
                "{\"type\":\"connection_init\",\"payload\":{\"Authorization\":{\"Bearer\":\"" + validToken + "\"}}}", operations(), true));
        return scripts;
    }

    /** Malformed and out-of-order protocol messages, on a valid connection. */
    List<SocketScript> protocol() {
        String subscribe = subscribe("1", "subscription { entityChanged(collectionId: \"" + collectionId + "\") { id } }");
        List<SocketScript> scripts = new ArrayList<>();
        scripts.add(protocol("not JSON", "hello"));
        scripts.add(protocol("JSON without a type", "{\"id\":\"1\"}"));
        scripts.add(protocol("unknown type", "{\"id\":\"1\",\"type\":\"explode\"}"));
        scripts.add(protocol("subscribe without an id", "{\"type\":\"subscribe\",\"payload\":{\"query\":\"{ me { user } }\"}}"));
        scripts.add(protocol("subscribe with a numeric id", "{\"id\":5,\"type\":\"subscribe\",\"payload\":{\"query\":\"{ me { user } }\"}}"));
        scripts.add(protocol("subscribe with a 10k-char id", "{\"id\":\"" + "i".repeat(10_000)
                + "\",\"type\":\"subscribe\",\"payload\":{\"query\":\"{ me { user } }\"}}"));
        scripts.add(protocol("subscribe without a payload", "{\"id\":\"1\",\"type\":\"subscribe\"}"));
        scripts.add(protocol("payload a string", "{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":\"{ me { user } }\"}"));
        scripts.add(protocol("query a number", "{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":{\"query\":5}}"));
        scripts.add(protocol("duplicate subscription id", subscribe, subscribe));
        scripts.add(protocol("second connection_init", "{\"type\":\"connection_init\",\"payload\":{\"Authorization\":\"Bearer "
                + validToken + "\"}}"));
        scripts.add(protocol("complete of an unknown id", "{\"id\":\"nope\",\"type\":\"complete\"}"));
        scripts.add(protocol("ping and pong", "{\"type\":\"ping\"}", "{\"type\":\"pong\"}"));
        scripts.add(protocol("100 KB frame", subscribe("1", "{ me { user } } #" + "c".repeat(100_000))));
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            many.add(subscribe("s" + i, "subscription { entityChanged(collectionId: \"" + collectionId + "\") { id } }"));
        }
        scripts.add(new SocketScript("graphql-ws", "500 subscriptions on one connection", List.of(), init(validToken),
                many, false));
        scripts.add(new SocketScript("graphql-ws", "subscribe before connection_init", List.of(), null, List.of(subscribe), true));
        scripts.add(new SocketScript("graphql-ws", "connection_init payload a number", List.of(),
                "{\"type\":\"connection_init\",\"payload\":5}", List.of(subscribe), true));
        scripts.add(new SocketScript("graphql-ws", "connection_init not JSON", List.of(), "init!", List.of(subscribe), true));
        scripts.add(new SocketScript("graphql-ws", "60 KB connection_init payload", List.of(),
                "{\"type\":\"connection_init\",\"payload\":{\"Authorization\":\"Bearer " + validToken + "\",\"pad\":\""
                        + "p".repeat(60_000) + "\"}}", List.of(subscribe), false));
        return scripts;
    }

    private SocketScript protocol(String how, String... frames) {
        return new SocketScript("graphql-ws", how, List.of(), init(validToken), List.of(frames), false);
    }

    private List<String> operations() {
        return List.of(subscribe("sub", "subscription { entityChanged(collectionId: \"" + collectionId + "\") { id } }"),
                subscribe("me", "{ me { user tenantId roles } }"));
    }

    private String subscribe(String id, String document) {
        return "{\"id\":\"" + id + "\",\"type\":\"subscribe\",\"payload\":" + bytes(Map.of("query", document)) + "}";
    }

    private String init(String token) {
        return "{\"type\":\"connection_init\",\"payload\":" + bytes(Map.of("Authorization", "Bearer " + token)) + "}";
    }

    private static String bytes(Object value) {
        return new String(JsonBodies.bytes(value), StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------------------------------------- checks

    List<Violation> check(SocketScript script, SocketOutcome outcome) {
        List<Violation> found = new ArrayList<>();
        ResponseCheck.Reporter report = (kind, detail) -> found.add(new Violation(kind, script.label(), script.excerpt(),
                detail + " — " + outcome.excerpt()));
        // a 401 to the upgrade request is a clean refusal of the handshake's header, like an HTTP 401
        boolean handshakeRefused = outcome.failure() != null && outcome.failure().contains("401");
        if (outcome.failure() != null && !handshakeRefused) {
            report.add(FAILED, outcome.failure());
        }
        if (outcome.closeCode() != null && (outcome.closeCode() == 1011 || outcome.closeCode() >= 4500)) {
            report.add(SERVER_CLOSE, "close code " + outcome.closeCode());
        }
        Leaks.find(outcome.closeReason()).ifPresent(leak -> report.add(ResponseCheck.LEAK, "close reason: " + leak));
        if (script.unauthorized() && outcome.acked()) {
            report.add(ACCEPTED, "connection_ack");
        }
        for (String text : outcome.received()) {
            JsonNode message;
            try {
                message = json.readTree(text);
            } catch (IOException e) {
                report.add(NOT_JSON, Texts.cut(text, 200));
                continue;
            }
            String excerpt = Texts.cut(text, 300);
            switch (message.path("type").asText()) {
                case "error" -> ResponseCheck.checkErrors(message.path("payload"), report, excerpt);
                case "next" -> {
                    ResponseCheck.checkErrors(message.path("payload").path("errors"), report, excerpt);
                    if (script.unauthorized() && ResponseCheck.hasData(message.path("payload").path("data"))) {
                        report.add(ResponseCheck.DATA_WITHOUT_CREDENTIALS, excerpt);
                    }
                }
                default -> Leaks.find(text).ifPresent(leak -> report.add(ResponseCheck.LEAK, leak));
            }
        }
        return found;
    }
}
