package io.decidr.messaging.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.decider.RejectionCode;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.testing.Poll;
import io.decidr.eventstore.testing.TestPostgres;
import io.decidr.messaging.relay.Writes;
import io.decidr.messaging.testing.Receiver;
import io.r2dbc.pool.ConnectionPool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Webhooks end to end on the real components: events appended with their outbox messages, the embedded relay, Tram's
 * consumer side with its duplicate detection, the subscriber's deliveries in PostgreSQL, the dispatcher's signed POSTs
 * to a real HTTP receiver that fails, hangs and answers slowly on purpose.
 */
@Timeout(180)
class WebhookDeliveryIT {

    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestPostgres.Database database;
    private static ConnectionPool pool;
    private static PostgresEventStore events;

    @BeforeAll
    static void database() {
        database = TestPostgres.newDatabase();
        pool = database.pool(4);
        events = new PostgresEventStore(pool);
    }

    @AfterAll
    static void closePool() {
        pool.dispose();
    }

    @Test
    void every_event_arrives_signed_once_accepted_in_each_aggregates_order_through_failures() throws Exception {
        Writes writes = new Writes(events);
        Writes otherTenant = new Writes(events);
        // two dispatchers on one database, as two worker replicas run them
        try (Receiver receiver = new Receiver(); WebhookStack stack = new WebhookStack(database, WAIT, null, true)) {
            WebhookAdmin.WithSecret created = stack.admin.create(WebhookStack.admin(writes.tenant()), receiver.url(),
                    List.of("entity.*"), "all entity events");
            assertThat(created.secret()).startsWith("whsec_").hasSizeGreaterThan(40);
            // a third of the answers fail, some come slowly (under the timeout)
            receiver.answer(body -> switch (ThreadLocalRandom.current().nextInt(6)) {
                case 0, 1 -> Receiver.Answer.status(503);
                case 2 -> Receiver.Answer.after(Duration.ofMillis(150), 200);
                default -> Receiver.Answer.ok();
            });
            List<UUID> entities = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
            for (int value = 1; value <= 12; value++) {
                for (UUID entity : entities) {
                    writes.set(entity, value);
                    otherTenant.set(entity, value); // same ids, another tenant without webhooks: never sent here
                }
            }
            Poll.until("every event is accepted", WAIT, () -> distinctAccepted(receiver) == 36);
            Poll.until("every delivery is marked delivered", WAIT, () ->
                    stack.store.deliveries(writes.tenant(), created.webhook().id(), WebhookDelivery.Status.DELIVERED,
                            100, null).size() == 36);

            Map<String, List<Integer>> arrivals = new LinkedHashMap<>();
            for (Receiver.Request request : receiver.requests()) {
                // signed with the secret over timestamp and body
                String timestamp = request.header(Signatures.TIMESTAMP_HEADER);
                assertThat(request.header(Signatures.SIGNATURE_HEADER))
                        .isEqualTo("v1=" + Signatures.sign(created.secret(), Long.parseLong(timestamp), request.body()));
                JsonNode body = JSON.readTree(request.body());
                assertThat(body.get("tenantId").asText()).isEqualTo(writes.tenant().toString());
                assertThat(body.get("type").asText()).isEqualTo("entity.value-set.v1");
                assertThat(request.header(Signatures.EVENT_ID_HEADER)).isEqualTo(body.get("id").asText());
                assertThat(request.header(Signatures.EVENT_TYPE_HEADER)).isEqualTo("entity.value-set.v1");
                assertThat(request.header(Signatures.WEBHOOK_ID_HEADER))
                        .isEqualTo(created.webhook().id().toString());
                assertThat(body.get("aggregateType").asText()).isEqualTo("decidr.entity");
                assertThat(body.get("occurredAt").asText()).isNotBlank();
                arrivals.computeIfAbsent(body.get("aggregateId").asText(), id -> new ArrayList<>())
                        .add(Integer.parseInt(body.get("data").get("value").get("value").asText()));
            }
            // per aggregate, a value is only sent once the one before it was accepted: the arrivals never go back,
            // and never overlap
            assertThat(receiver.mostInFlightPerLane()).isEqualTo(1);
            for (UUID entity : entities) {
                List<Integer> seen = arrivals.get(entity.toString());
                for (int i = 1; i < seen.size(); i++) {
                    assertThat(seen.get(i)).as("arrivals of %s: %s", entity, seen).isGreaterThanOrEqualTo(seen.get(i - 1));
                }
                assertThat(Set.copyOf(seen)).hasSize(12);
            }
            // the log has every attempt, failures with their status
            List<WebhookDelivery> log = stack.store.deliveries(writes.tenant(), created.webhook().id(), null, 100, null);
            int attempts = log.stream().mapToInt(WebhookDelivery::attempts).sum();
            assertThat(attempts).isEqualTo(receiver.requests().size());
            assertThat(log).allSatisfy(d -> {
                assertThat(d.log()).hasSize(d.attempts());
                assertThat(d.log().getLast().status()).isBetween(200, 299);
                assertThat(d.lastStatus()).isBetween(200, 299);
            });
            assertThat(log.stream().flatMap(d -> d.log().stream()).filter(a -> a.status() != null && a.status() == 503))
                    .hasSize(attempts - 36);
            // the other tenant has no webhooks: its messages were skipped before Tram's duplicate detection
            assertThat(count("SELECT count(*) FROM eventuate.received_messages r JOIN eventuate.message m"
                    + " ON m.id = r.message_id WHERE r.consumer_id = 'decidr-webhooks' AND m.payload LIKE '%"
                    + otherTenant.tenant() + "%'")).isZero();
            assertThat(count("SELECT count(*) FROM eventuate.received_messages r JOIN eventuate.message m"
                    + " ON m.id = r.message_id WHERE r.consumer_id = 'decidr-webhooks' AND m.payload LIKE '%"
                    + writes.tenant() + "%'")).isEqualTo(36);
        }
    }

    @Test
    void a_hanging_receiver_is_timed_out_retried_then_dead_lettered_the_aggregate_goes_on_and_an_admin_replays()
            throws Exception {
        Writes writes = new Writes(events);
        UUID entity = UUID.randomUUID();
        try (Receiver receiver = new Receiver();
                WebhookStack stack = new WebhookStack(database, Duration.ofSeconds(3), null)) {
            UUID webhook = stack.admin.create(WebhookStack.admin(writes.tenant()), receiver.url(),
                    List.of("entity.value-set.v1"), null).webhook().id();
            // value 1 hangs past the 1 s timeout; value 2 comes slowly but in time
            receiver.answer(body -> body.contains("\"value\":\"1\"") ? Receiver.Answer.after(Duration.ofSeconds(3), 200)
                    : Receiver.Answer.after(Duration.ofMillis(900), 200));
            writes.set(entity, 1);
            writes.set(entity, 2);
            Poll.until("the first is dead-lettered", WAIT, () -> !stack.store.deliveries(writes.tenant(), webhook,
                    WebhookDelivery.Status.DEAD, 10, null).isEmpty());
            WebhookDelivery dead = stack.store.deliveries(writes.tenant(), webhook, WebhookDelivery.Status.DEAD, 10,
                    null).getFirst();
            assertThat(dead.body()).contains("\"value\":\"1\"");
            assertThat(dead.attempts()).isGreaterThanOrEqualTo(2);
            assertThat(dead.log()).allSatisfy(a -> {
                assertThat(a.status()).isNull();
                assertThat(a.error()).startsWith("timed out");
                assertThat(a.durationMillis()).isBetween(900, 2_500);
            });
            // the next event of the aggregate was held until then, and goes now (slowly): replayed meanwhile, the
            // first waits until the second is answered, then goes
            Poll.until("the second is sent", WAIT, () -> receiver.requests().getLast().body().contains("\"value\":\"2\""));
            receiver.answer(body -> Receiver.Answer.ok());
            assertThatThrownBy(() -> stack.admin.replay(WebhookStack.member(writes.tenant()), dead.id()))
                    .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.code()).isEqualTo(RejectionCode.FORBIDDEN));
            assertThatThrownBy(() -> stack.admin.replay(WebhookStack.admin(UUID.randomUUID()), dead.id()))
                    .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.code()).isEqualTo(RejectionCode.NOT_FOUND));
            WebhookDelivery replayed = stack.admin.replay(WebhookStack.admin(writes.tenant()), dead.id());
            assertThat(replayed.status()).isEqualTo(WebhookDelivery.Status.PENDING);
            Poll.until("the replay is delivered", WAIT, () -> stack.store.delivery(writes.tenant(), dead.id())
                    .orElseThrow().status() == WebhookDelivery.Status.DELIVERED);
            Receiver.Request second = receiver.requests().stream()
                    .filter(r -> r.body().contains("\"value\":\"2\"")).findFirst().orElseThrow();
            Receiver.Request replay = receiver.requests().getLast();
            assertThat(replay.body()).contains("\"value\":\"1\"");
            assertThat(replay.arrived()).isGreaterThan(second.answered().get());
            assertThat(stack.store.deliveries(writes.tenant(), webhook, WebhookDelivery.Status.DELIVERED, 10, null))
                    .hasSize(2);
            WebhookDelivery delivered = stack.store.delivery(writes.tenant(), dead.id()).orElseThrow();
            assertThat(delivered.lastStatus()).isEqualTo(200);
            assertThat(delivered.log().getLast().status()).isEqualTo(200);
            // the same event id as before: receivers dedupe by it
            assertThat(replay.header(Signatures.EVENT_ID_HEADER)).isEqualTo(dead.messageId());
            assertThatThrownBy(() -> stack.admin.replay(WebhookStack.admin(writes.tenant()), dead.id()))
                    .isInstanceOfSatisfying(Rejection.class,
                            r -> assertThat(r.code()).isEqualTo(RejectionCode.INVALID_STATE));
        }
    }

    @Test
    void a_receiver_that_stalls_its_answers_body_is_cut_off_at_the_timeout() throws Exception {
        Writes writes = new Writes(events);
        try (Receiver receiver = new Receiver();
                WebhookStack stack = new WebhookStack(database, Duration.ofSeconds(2), null)) {
            UUID webhook = stack.admin.create(WebhookStack.admin(writes.tenant()), receiver.url(), List.of("*"), null)
                    .webhook().id();
            receiver.answer(body -> Receiver.Answer.stallingBody(Duration.ofSeconds(20)));
            writes.set(UUID.randomUUID(), 1);
            Poll.until("an attempt is recorded", WAIT, () -> stack.store.deliveries(writes.tenant(), webhook, null, 10,
                    null).stream().anyMatch(d -> d.attempts() >= 1));
            WebhookDelivery.Attempt first = stack.store.deliveries(writes.tenant(), webhook, null, 10, null)
                    .getFirst().log().getFirst();
            assertThat(first.error()).startsWith("timed out");
            assertThat(first.durationMillis()).isBetween(900, 2_500);
            Poll.until("dead-lettered", WAIT, () -> stack.admin.find(WebhookStack.admin(writes.tenant()), webhook)
                    .dead() == 1);
        }
    }

    @Test
    void a_delivery_commits_with_tram_s_received_record_or_not_at_all() throws Exception {
        Writes writes = new Writes(events);
        // the "received" record's commit fails (a deferred check fires at commit, after the handler enqueued)
        execute("CREATE TABLE IF NOT EXISTS refuse_receipts (refuse boolean NOT NULL)");
        execute("DELETE FROM refuse_receipts");
        execute("INSERT INTO refuse_receipts VALUES (true)");
        // counts the refused commits (a sequence is not rolled back with them)
        execute("DROP SEQUENCE IF EXISTS refused_receipts");
        execute("CREATE SEQUENCE refused_receipts");
        execute("""
                CREATE OR REPLACE FUNCTION refuse_receipt() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF EXISTS (SELECT 1 FROM refuse_receipts WHERE refuse) THEN
                        PERFORM nextval('refused_receipts');
                        RAISE EXCEPTION 'receipts refused for the test';
                    END IF;
                    RETURN NULL;
                END $$""");
        execute("DROP TRIGGER IF EXISTS refuse_receipt ON eventuate.received_messages");
        execute("""
                CREATE CONSTRAINT TRIGGER refuse_receipt AFTER INSERT ON eventuate.received_messages
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.consumer_id = 'decidr-webhooks')
                EXECUTE FUNCTION refuse_receipt()""");
        try (Receiver receiver = new Receiver(); WebhookStack stack = new WebhookStack(database, WAIT, null)) {
            stack.admin.create(WebhookStack.admin(writes.tenant()), receiver.url(), List.of("*"), null);
            UUID entity = UUID.randomUUID();
            writes.set(entity, 1);
            long before = stack.relay.relayed();
            // the relay offers the message again and again, each time rolled back whole
            Poll.until("three receipts refused at commit", WAIT, () -> count("SELECT CASE WHEN is_called"
                    + " THEN last_value ELSE 0 END FROM refused_receipts") >= 3);
            assertThat(stack.relay.relayed()).isEqualTo(before);
            assertThat(count("SELECT count(*) FROM webhook_delivery WHERE tenant_id = '" + writes.tenant() + "'"))
                    .isZero();
            assertThat(receiver.requests()).isEmpty();
            execute("UPDATE refuse_receipts SET refuse = false");
            Poll.until("delivered", WAIT, () -> receiver.accepted().size() == 1);
            Poll.until("relayed", WAIT, () -> stack.relay.relayed() > before);
            assertThat(count("SELECT count(*) FROM webhook_delivery WHERE tenant_id = '" + writes.tenant() + "'"))
                    .isEqualTo(1);
        } finally {
            execute("DROP TRIGGER IF EXISTS refuse_receipt ON eventuate.received_messages");
        }
    }

    @Test
    void paused_endpoints_hold_deliveries_and_deleted_ones_cancel_them() throws Exception {
        Writes writes = new Writes(events);
        UUID entity = UUID.randomUUID();
        // retried for 1 s at most: held longer than that by the pause, each still gets its full retry period
        try (Receiver receiver = new Receiver();
                WebhookStack stack = new WebhookStack(database, Duration.ofSeconds(1), null)) {
            var admin = WebhookStack.admin(writes.tenant());
            UUID webhook = stack.admin.create(admin, receiver.url(), List.of("*"), null).webhook().id();
            assertThat(stack.admin.pause(admin, webhook).status()).isEqualTo(Webhook.Status.PAUSED);
            for (int value = 1; value <= 5; value++) {
                writes.set(entity, value);
            }
            Poll.until("five deliveries are held", WAIT, () -> stack.admin.find(admin, webhook).pending() == 5);
            // not a wait for anything: the pause must last longer than the 1 s retry period, which is the point
            Thread.sleep(1_500);
            assertThat(receiver.requests()).isEmpty();
            // each event's first attempt fails
            Set<String> failedOnce = ConcurrentHashMap.newKeySet();
            receiver.answer(body -> failedOnce.add(body) ? Receiver.Answer.status(502) : Receiver.Answer.ok());
            assertThat(stack.admin.resume(admin, webhook).status()).isEqualTo(Webhook.Status.ACTIVE);
            Poll.until("what was held is sent, in order", WAIT, () -> receiver.accepted().size() == 5);
            assertThat(stack.admin.find(admin, webhook).dead()).isZero();
            assertThat(receiver.accepted().stream().map(r -> r.body().replaceAll(".*\"value\":\"(\\d+)\".*", "$1"))
                    .toList()).containsExactly("1", "2", "3", "4", "5");
            // recorded once the answers are back
            Poll.until("all five marked delivered", WAIT, () -> stack.store.deliveries(writes.tenant(), webhook,
                    WebhookDelivery.Status.DELIVERED, 10, null).size() == 5);

            stack.admin.pause(admin, webhook);
            writes.set(entity, 6);
            Poll.until("the sixth is held", WAIT, () -> stack.admin.find(admin, webhook).pending() == 1);
            assertThat(stack.admin.delete(admin, webhook)).isTrue();
            assertThat(stack.store.deliveries(writes.tenant(), webhook, WebhookDelivery.Status.CANCELLED, 10, null))
                    .hasSize(1);
            writes.set(entity, 7);
            // the relay marks a message published once the consumers had it (handled, or skipped)
            Poll.until("the seventh is relayed", WAIT, () -> count("SELECT count(*) FROM eventuate.message"
                    + " WHERE published = 0 AND payload LIKE '%" + writes.tenant() + "%'") == 0);
            assertThat(count("SELECT count(*) FROM webhook_delivery WHERE webhook_id = '" + webhook + "'")).isEqualTo(6);
            assertThat(receiver.requests()).hasSize(10);
            assertThatThrownBy(() -> stack.admin.find(admin, webhook))
                    .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.code()).isEqualTo(RejectionCode.NOT_FOUND));
            assertThat(stack.admin.list(admin)).isEmpty();
        }
    }

    @Test
    void a_rotated_secret_signs_beside_the_new_one_for_the_time_asked() throws Exception {
        Writes writes = new Writes(events);
        UUID entity = UUID.randomUUID();
        try (Receiver receiver = new Receiver(); WebhookStack stack = new WebhookStack(database, WAIT, null)) {
            var admin = WebhookStack.admin(writes.tenant());
            WebhookAdmin.WithSecret first = stack.admin.create(admin, receiver.url(), List.of("entity.*"), null);
            UUID webhook = first.webhook().id();
            WebhookAdmin.WithSecret second = stack.admin.rotateSecret(admin, webhook, Duration.ofMinutes(5));
            assertThat(second.secret()).isNotEqualTo(first.secret());
            assertThat(second.webhook().previousSecretUntil()).isNotNull();
            writes.set(entity, 1);
            Poll.until("delivered", WAIT, () -> receiver.accepted().size() == 1);
            Receiver.Request both = receiver.accepted().getFirst();
            long timestamp = Long.parseLong(both.header(Signatures.TIMESTAMP_HEADER));
            assertThat(both.header(Signatures.SIGNATURE_HEADER)).isEqualTo(
                    "v1=" + Signatures.sign(second.secret(), timestamp, both.body())
                            + ",v1=" + Signatures.sign(first.secret(), timestamp, both.body()));

            WebhookAdmin.WithSecret third = stack.admin.rotateSecret(admin, webhook, Duration.ZERO);
            writes.set(entity, 2);
            Poll.until("delivered", WAIT, () -> receiver.accepted().size() == 2);
            Receiver.Request only = receiver.accepted().getLast();
            assertThat(only.header(Signatures.SIGNATURE_HEADER)).isEqualTo("v1=" + Signatures.sign(third.secret(),
                    Long.parseLong(only.header(Signatures.TIMESTAMP_HEADER)), only.body()));
        }
    }

    @Test
    void redelivering_every_message_three_times_enqueues_nothing_more() throws Exception {
        Writes writes = new Writes(events);
        List<UUID> entities = List.of(UUID.randomUUID(), UUID.randomUUID());
        try (Receiver receiver = new Receiver(); WebhookStack stack = new WebhookStack(database, WAIT, null)) {
            stack.admin.create(WebhookStack.admin(writes.tenant()), receiver.url(), List.of("entity.*"), null);
            for (int value = 1; value <= 10; value++) {
                for (UUID entity : entities) {
                    writes.set(entity, value);
                }
            }
            Poll.until("every event is accepted", WAIT, () -> receiver.accepted().size() == 20);
            for (int round = 1; round <= 3; round++) {
                Poll.until("every message is marked published", WAIT,
                        () -> count("SELECT count(*) FROM eventuate.message WHERE published = 0") == 0);
                long before = stack.relay.relayed();
                execute("UPDATE eventuate.message SET published = 0 WHERE headers LIKE '%" + writes.tenant() + "%'"
                        + " OR payload LIKE '%" + writes.tenant() + "%'");
                Poll.until("every message is relayed again", WAIT, () -> stack.relay.relayed() >= before + 20);
            }
            // relayed counts messages once their consumers had them: nothing more can be enqueued now
            assertThat(count("SELECT count(*) FROM webhook_delivery WHERE tenant_id = '" + writes.tenant() + "'"))
                    .isEqualTo(20);
            assertThat(receiver.requests()).hasSize(20);
        }
    }

    @Test
    void an_address_refused_at_delivery_is_never_contacted_and_ends_dead_lettered() throws Exception {
        Writes writes = new Writes(events);
        // registered while loopback was allowed; the sending side's policy allows it no longer (as DNS rebinding or a
        // narrowed configuration would leave it)
        EndpointPolicy strict = new EndpointPolicy(new EndpointPolicy.Settings(true, List.of(), Set.of(), Set.of()));
        try (Receiver receiver = new Receiver();
                WebhookStack stack = new WebhookStack(database, Duration.ofSeconds(1), strict)) {
            UUID webhook = stack.admin.create(WebhookStack.admin(writes.tenant()), receiver.url(), List.of("*"), null)
                    .webhook().id();
            writes.set(UUID.randomUUID(), 1);
            Poll.until("dead-lettered", WAIT, () -> stack.admin.find(WebhookStack.admin(writes.tenant()), webhook)
                    .dead() == 1);
            WebhookDelivery dead = stack.store.deliveries(writes.tenant(), webhook, null, 10, null).getFirst();
            assertThat(dead.lastError()).startsWith("not sent: ").contains("127.0.0.1");
            assertThat(receiver.requests()).isEmpty();
        }
    }

    @Test
    void the_sender_connects_to_the_addresses_the_check_approved_and_asks_no_other_dns() throws Exception {
        Writes writes = new Writes(events);
        // only the policy's resolver knows this name (the system's DNS does not): a delivery that arrives went to the
        // address the check approved, not to one the HTTP client looked up itself
        EndpointPolicy pinned = new EndpointPolicy(new EndpointPolicy.Settings(true, List.of("127.0.0.0/8"), Set.of(),
                Set.of()), host -> {
                    if (host.equals("hooks.decidr.invalid")) {
                        return new java.net.InetAddress[] {java.net.InetAddress.getLoopbackAddress()};
                    }
                    throw new java.net.UnknownHostException(host);
                });
        try (Receiver receiver = new Receiver();
                WebhookStack stack = new WebhookStack(database, Duration.ofSeconds(5), pinned)) {
            String url = receiver.url().replace("127.0.0.1", "hooks.decidr.invalid");
            // created through an admin service with the same policy (it answers once the subscriber delivers to it)
            WebhookAdmin admins = new WebhookAdmin(stack.store, pinned, 5, stack.subscriber.visibleWithin(),
                    stack.subscriber::refreshNow, requester -> false);
            UUID webhook = admins.create(WebhookStack.admin(writes.tenant()), url, List.of("*"), null).webhook().id();
            writes.set(UUID.randomUUID(), 1);
            Poll.until("delivered", WAIT, () -> receiver.accepted().size() == 1);
            assertThat(receiver.accepted().getFirst().header("Host")).startsWith("hooks.decidr.invalid");
            // recorded once the answer is back
            Poll.until("marked delivered", WAIT, () -> stack.store.deliveries(writes.tenant(), webhook,
                    WebhookDelivery.Status.DELIVERED, 10, null).size() == 1);
        }
    }

    @Test
    void admins_manage_their_tenants_webhooks_only_and_bad_input_is_refused_by_field() throws Exception {
        UUID tenant = UUID.randomUUID();
        try (Receiver receiver = new Receiver(); WebhookStack stack = new WebhookStack(database, WAIT, null)) {
            var admin = WebhookStack.admin(tenant);
            Map<String, String> refusals = new HashMap<>();
            refusals.put("http://169.254.169.254/latest/meta-data", "url");
            refusals.put("http://10.0.0.7/hooks", "url");
            refusals.put("http://127.0.0.1:1/graphql", "url"); // the platform's own port
            refusals.put("ftp://example.com/x", "url");
            for (Map.Entry<String, String> refusal : refusals.entrySet()) {
                assertThatThrownBy(() -> stack.admin.create(admin, refusal.getKey(), List.of("*"), null))
                        .as(refusal.getKey())
                        .isInstanceOfSatisfying(Rejection.class, r -> {
                            assertThat(r.code()).isEqualTo(RejectionCode.VALIDATION_FAILED);
                            assertThat(r.field()).contains(refusal.getValue());
                        });
            }
            assertThatThrownBy(() -> stack.admin.create(admin, receiver.url(), List.of("entity.exploded.v1"), null))
                    .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.field()).contains("eventTypes"));
            assertThatThrownBy(() -> stack.admin.create(admin, receiver.url(), List.of(), null))
                    .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.field()).contains("eventTypes"));
            assertThatThrownBy(() -> stack.admin.create(WebhookStack.member(tenant), receiver.url(), List.of("*"), null))
                    .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.code()).isEqualTo(RejectionCode.FORBIDDEN));

            UUID mine = stack.admin.create(admin, receiver.url(), List.of("entity.*", "entity.*", "tenant.suspended.v1"),
                    "mine").webhook().id();
            assertThat(stack.admin.find(admin, mine).eventTypes()).containsExactly("entity.*", "tenant.suspended.v1");
            var stranger = WebhookStack.admin(UUID.randomUUID());
            assertThat(stack.admin.list(stranger)).isEmpty();
            for (var call : List.<ThrowingCall>of(() -> stack.admin.find(stranger, mine),
                    () -> stack.admin.pause(stranger, mine), () -> stack.admin.delete(stranger, mine),
                    () -> stack.admin.rotateSecret(stranger, mine, Duration.ZERO))) {
                assertThatThrownBy(call::run).isInstanceOfSatisfying(Rejection.class,
                        r -> assertThat(r.code()).isEqualTo(RejectionCode.NOT_FOUND));
            }
            for (int i = 0; i < 4; i++) {
                stack.admin.create(admin, receiver.url(), List.of("*"), null);
            }
            assertThatThrownBy(() -> stack.admin.create(admin, receiver.url(), List.of("*"), null))
                    .isInstanceOfSatisfying(Rejection.class,
                            r -> assertThat(r.code()).isEqualTo(RejectionCode.INVALID_STATE));
            // no secret anywhere in what admins read
            assertThat(stack.admin.list(admin).toString()).doesNotContain("whsec_");

            // a suspended tenant starts nothing new: no webhook, no resume, no replay; it may pause and delete
            UUID suspended = UUID.randomUUID();
            UUID held = stack.admin.create(WebhookStack.admin(suspended), receiver.url(), List.of("*"), null)
                    .webhook().id();
            WebhookStack.SUSPENDED.add(suspended);
            try {
                assertThatThrownBy(() -> stack.admin.create(WebhookStack.admin(suspended), receiver.url(),
                        List.of("*"), null)).isInstanceOfSatisfying(Rejection.class,
                        r -> assertThat(r.code()).isEqualTo(RejectionCode.TENANT_SUSPENDED));
                assertThat(stack.admin.pause(WebhookStack.admin(suspended), held).status())
                        .isEqualTo(Webhook.Status.PAUSED);
                assertThatThrownBy(() -> stack.admin.resume(WebhookStack.admin(suspended), held))
                        .isInstanceOfSatisfying(Rejection.class,
                                r -> assertThat(r.code()).isEqualTo(RejectionCode.TENANT_SUSPENDED));
                assertThat(stack.admin.delete(WebhookStack.admin(suspended), held)).isTrue();
            } finally {
                WebhookStack.SUSPENDED.remove(suspended);
            }
        }
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }

    private static long distinctAccepted(Receiver receiver) {
        return receiver.accepted().stream().map(r -> r.header(Signatures.EVENT_ID_HEADER)).distinct().count();
    }

    private static long count(String sql) {
        try (Connection c = database.jdbc(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void execute(String sql) {
        try (Connection c = database.jdbc(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
