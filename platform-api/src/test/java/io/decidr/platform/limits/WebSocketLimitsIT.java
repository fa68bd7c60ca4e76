package io.decidr.platform.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.platform.support.Api;
import io.decidr.platform.support.PlatformTest;
import io.decidr.platform.support.RawGraphQlWs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.client.SubscriptionErrorException;
import org.springframework.graphql.client.WebSocketGraphQlClient;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * graphql-ws connections end to end: at most a few per tenant (the next is closed with 4429, a closed one gives its
 * place back), at most 20 subscriptions per connection (the next is refused with LIMIT_EXCEEDED, the others run on),
 * and no connection outlives its token (closed with 4403 when it expires).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebSocketLimitsIT extends PlatformTest {

    private static final Duration WITHIN = Duration.ofSeconds(20);
    private static final Duration ACK_WAIT = Duration.ofSeconds(6);

    Api api;

    @Autowired
    WebSocketConnections connections;

    @BeforeAll
    void api() {
        api = new Api(port);
    }

    @Test
    void a_tenant_at_its_connection_cap_has_the_next_connection_closed_with_4429_until_one_closes() {
        // this tenant may hold two connections (PlatformTest); the count is the server's own, so the test waits on it
        // rather than on time (a close reaches the server a little after the client has returned)
        String token = api.token(UUID.fromString(FEW_CONNECTIONS_TENANT), "many-tabs", "member");
        Api.eventually(() -> connections.open(FEW_CONNECTIONS_TENANT) == 0, WITHIN, "no connection of the tenant left open");
        List<WebSocketGraphQlClient> opened = new ArrayList<>();
        try {
            WebSocketGraphQlClient first = acknowledged(token, FEW_CONNECTIONS_TENANT, opened);
            WebSocketGraphQlClient second = acknowledged(token, FEW_CONNECTIONS_TENANT, opened);
            String elsewhere = UUID.randomUUID().toString();
            WebSocketGraphQlClient otherTenant = acknowledged(api.token(UUID.fromString(elsewhere), "elsewhere", "member"),
                    elsewhere, opened);
            assertThat(connections.open(FEW_CONNECTIONS_TENANT)).isEqualTo(2);

            RawGraphQlWs.Outcome third = RawGraphQlWs.run(port, token, List.of(), ACK_WAIT);
            for (int attempt = 2; attempt <= 3 && third.closed() == null && !third.acknowledged(); attempt++) {
                // unanswered (see acknowledged): connect again, as a client would
                third = RawGraphQlWs.run(port, token, List.of(), ACK_WAIT);
            }
            assertThat(third.acknowledged()).as("the third connection is not acknowledged").isFalse();
            assertThat(third.closed()).as("the third connection is closed").isNotNull();
            assertThat(third.closed().getCode()).isEqualTo(4429);
            assertThat(third.closed().getReason()).contains("at most 2");

            // the admitted connections and other tenants' are untouched
            assertThat(typename(first)).isEqualTo("Query");
            assertThat(typename(second)).isEqualTo("Query");
            assertThat(typename(otherTenant)).isEqualTo("Query");

            // closing one gives its place back
            first.stop().block(WITHIN);
            Api.eventually(() -> connections.open(FEW_CONNECTIONS_TENANT) == 1, WITHIN, "the closed connection to be released");
            WebSocketGraphQlClient replacement = acknowledged(token, FEW_CONNECTIONS_TENANT, opened);
            assertThat(typename(replacement)).isEqualTo("Query");
        } finally {
            opened.forEach(client -> client.stop().block(WITHIN));
        }
        Api.eventually(() -> connections.open(FEW_CONNECTIONS_TENANT) == 0, WITHIN, "every connection to be released");
    }

    @Test
    void a_connection_at_its_subscription_cap_has_the_next_subscription_refused_while_the_others_run_on() {
        String token = api.token(UUID.randomUUID(), "watcher", "member");
        WebSocketGraphQlClient client = started(token);
        List<Throwable> liveFailures = new CopyOnWriteArrayList<>();
        List<Disposable> live = new ArrayList<>();
        try {
            // twenty subscriptions that stay open (nothing changes in a collection of an unknown tenant)
            for (int i = 0; i < 20; i++) {
                live.add(client.document("subscription($c: ID!) { entityChanged(collectionId: $c) { id } }")
                        .variable("c", UUID.randomUUID().toString())
                        .executeSubscription()
                        .subscribe(response -> liveFailures.add(new AssertionError("unexpected push " + response)),
                                liveFailures::add));
            }
            // a probe answers at once: NOT_FOUND when admitted (no such job), LIMIT_EXCEEDED when refused; the
            // subscriptions above are counted as the server gets to them, so probe until the cap shows
            AtomicReference<ResponseError> refusal = new AtomicReference<>();
            Api.eventually(() -> {
                ResponseError answer = probe(client);
                refusal.set(answer);
                return "LIMIT_EXCEEDED".equals(answer.getExtensions().get("code"));
            }, WITHIN, "a subscription over the cap to be refused");
            assertThat(refusal.get().getExtensions())
                    .containsEntry("limit", "subscriptions-per-connection").containsEntry("max", 20);
            assertThat(refusal.get().getMessage()).doesNotContain("Exception");
            assertThat(liveFailures).as("the twenty live subscriptions").isEmpty();
            // queries on the same connection are not subscriptions
            assertThat(typename(client)).isEqualTo("Query");

            // completing one frees its place
            live.removeFirst().dispose();
            Api.eventually(() -> "NOT_FOUND".equals(probe(client).getExtensions().get("code")), WITHIN,
                    "a subscription to be admitted once another completed");
            assertThat(liveFailures).isEmpty();
        } finally {
            live.forEach(Disposable::dispose);
            client.stop().block(WITHIN);
        }
    }

    @Test
    void a_connection_is_closed_with_4403_when_its_token_expires_and_its_subscriptions_end_with_it() {
        UUID tenant = UUID.randomUUID();
        String token = Api.token(tenant, "short-lived", Duration.ofSeconds(3), "member");
        Instant expiry = Api.expiry(token);
        String subscribe = "{\"id\":\"watch\",\"type\":\"subscribe\",\"payload\":{\"query\":"
                + "\"subscription { entityChanged(collectionId: \\\"" + UUID.randomUUID() + "\\\") { id } }\"}}";
        String query = "{\"id\":\"ask\",\"type\":\"subscribe\",\"payload\":{\"query\":\"{ __typename }\"}}";

        RawGraphQlWs.Outcome outcome = RawGraphQlWs.run(port, token, List.of(subscribe, query), WITHIN);

        assertThat(outcome.acknowledged()).isTrue();
        assertThat(outcome.messages()).anySatisfy(message -> assertThat(message).contains("\"ask\"").contains("Query"));
        assertThat(outcome.closed()).as("closed by the server within " + WITHIN).isNotNull();
        assertThat(outcome.closed().getCode()).isEqualTo(4403);
        assertThat(outcome.closed().getReason()).contains("expired");
        // not before the token expired (JWT times are whole seconds; allow for the clocks' granularity)
        assertThat(outcome.closedAt()).isAfter(expiry.minusMillis(50));
        // the subscription never completed or failed on its own: it ended with the connection
        assertThat(outcome.messages()).noneSatisfy(message -> assertThat(message).contains("\"watch\""));

        // a fresh token for the same tenant connects as usual
        WebSocketGraphQlClient renewed = started(api.token(tenant, "short-lived", "member"));
        try {
            assertThat(typename(renewed)).isEqualTo("Query");
        } finally {
            renewed.stop().block(WITHIN);
        }
    }

    /**
     * A client whose connection the server acknowledged, kept in {@code opened} so that it is stopped whatever happens.
     * Like graphql-ws clients (connectionAckWaitTimeout), it gives up on an acknowledgement after a few seconds and
     * connects again: on a machine saturated by other processes an acknowledgement has been seen never to arrive
     * (a few connections in a hundred, with the process idle meanwhile).
     */
    private WebSocketGraphQlClient acknowledged(String token, String tenant, List<WebSocketGraphQlClient> opened) {
        int before = connections.open(tenant);
        for (int attempt = 1; ; attempt++) {
            WebSocketGraphQlClient client = api.socket(token);
            opened.add(client);
            try {
                client.start().block(ACK_WAIT);
                return client;
            } catch (IllegalStateException unanswered) {
                if (attempt == 3 || !String.valueOf(unanswered.getMessage()).startsWith("Timeout on blocking read")) {
                    throw unanswered;
                }
                client.stop().block(WITHIN);
                opened.remove(client);
                Api.eventually(() -> connections.open(tenant) == before, WITHIN, "the unanswered connection to be released");
            }
        }
    }

    private WebSocketGraphQlClient started(String token) {
        WebSocketGraphQlClient client = api.socket(token);
        client.start().block(WITHIN);
        return client;
    }

    private static String typename(WebSocketGraphQlClient client) {
        return client.document("{ __typename }").execute().block(WITHIN).field("__typename").getValue();
    }

    /** The one error a job-progress subscription to a job that does not exist ends with. */
    private static ResponseError probe(WebSocketGraphQlClient client) {
        Throwable failure = client.document("subscription($id: ID!) { computeJobProgress(id: $id) { id } }")
                .variable("id", UUID.randomUUID().toString())
                .executeSubscription()
                .then(Mono.<Throwable>empty())
                .onErrorResume(Mono::just)
                .block(WITHIN);
        assertThat(failure).isInstanceOf(SubscriptionErrorException.class);
        List<ResponseError> errors = ((SubscriptionErrorException) failure).getErrors();
        assertThat(errors).hasSize(1);
        return errors.getFirst();
    }
}
