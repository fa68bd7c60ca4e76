package io.decidr.platform.abuse;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.introspection.IntrospectionQuery;
import graphql.schema.GraphQLSchema;
import io.decidr.platform.abuse.ApiSchema.Target;
import io.decidr.platform.support.Api;
import io.decidr.platform.support.PlatformTest;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API under abuse, end to end: every field of Query, Mutation and Subscription (read from the schema) called
 * with hostile arguments, plus hostile documents, bodies, tokens and graphql-ws conversations, by a few concurrent
 * clients. Every answer must pass {@link ResponseCheck} (or {@link SocketAbuse#check}); the p99 latency must stay
 * under a bound; and afterwards the server must still answer normal requests. All violations are collected and
 * reported together, grouped by kind.
 *
 * <p>Bounded and reproducible: a fixed seed (logged), a cap on HTTP requests and on wall time; system properties
 * {@code decidr.abuse.seed}, {@code .max-requests}, {@code .max-seconds}, {@code .clients}, {@code .p99-millis}
 * change them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiAbuseIT extends PlatformTest {

    private static final Logger log = LoggerFactory.getLogger(ApiAbuseIT.class);

    private static final long SEED = Long.getLong("decidr.abuse.seed", 8_2024L);
    private static final int MAX_REQUESTS = Integer.getInteger("decidr.abuse.max-requests", 3_000);
    private static final Duration HTTP_TIME = Duration.ofSeconds(Long.getLong("decidr.abuse.max-seconds", 150));
    private static final Duration SOCKET_TIME = Duration.ofSeconds(60);
    private static final int CLIENTS = Integer.getInteger("decidr.abuse.clients", 4);
    private static final long P99_MILLIS = Long.getLong("decidr.abuse.p99-millis", 2_000);
    /** Longer than any answer should take; a request without an answer by then is reported as such. */
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    /** How long an event stream or a graphql-ws conversation is listened to. */
    private static final Duration LISTEN = Duration.ofMillis(1_500);

    static final String UNHEALTHY = "the server does not answer normally afterwards";
    static final String SLOW = "p99 latency over the bound";
    static final String BUSY_LOOP = "a server event-loop thread still busy after the run (blocked by a request)";

    private final ObjectMapper json = new ObjectMapper();
    private final Violations violations = new Violations();
    private final Latencies latencies = new Latencies();
    private final Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();

    private Api api;
    private AbuseFixture fixture;

    @BeforeAll
    void fixture() {
        api = new Api(port);
        fixture = AbuseFixture.create(api);
    }

    @Test
    void the_api_answers_every_abuse_with_a_coded_client_error_quickly_and_keeps_working() {
        log.info("API abuse: seed {}, at most {} HTTP requests in {} s, {} clients, p99 bound {} ms (decidr.abuse.* to change)",
                SEED, MAX_REQUESTS, HTTP_TIME.toSeconds(), CLIENTS, P99_MILLIS);
        Random random = new Random(SEED);
        GraphQLSchema schema = ApiSchema.load();
        List<Target> targets = ApiSchema.targets(schema);
        Supplier<String> authorization = () -> "Bearer " + (random.nextInt(5) == 0 ? fixture.platformToken() : fixture.token());
        FieldAbuse fields = new FieldAbuse(new InputValues(random, fixture.vocabulary()), fixture.vocabulary(), random,
                authorization);

        List<List<AbuseCase>> perTarget = new ArrayList<>();
        for (Target target : targets) {
            List<AbuseCase> cases = new ArrayList<>(fields.cases(target));
            Collections.shuffle(cases, random);
            perTarget.add(cases);
        }
        List<AbuseCase> http = new ArrayList<>();
        http.addAll(new BodyAbuse("Bearer " + fixture.token()).cases());
        http.addAll(new DocumentAbuse("Bearer " + fixture.token(), fixture.deals(), fixture.entities().getFirst(),
                everyQuery(fields, targets)).cases());
        AbuseTokens tokens = new AbuseTokens(PlatformTest.TEST_SECRET, fixture.tenant());
        List<AbuseTokens.Credentials> credentials = tokens.all(fixture.token());
        http.addAll(tokenCases(fields, targets, credentials, random));
        int generated = http.size() + perTarget.stream().mapToInt(List::size).sum();
        http.addAll(interleaved(perTarget, Math.max(0, MAX_REQUESTS - http.size())));
        Collections.shuffle(http, random);
        log.info("API abuse: {} targets ({}), {} HTTP cases generated, {} to send", targets.size(),
                targets.stream().map(Target::coordinate).toList(), generated, http.size());

        int sent = sendAll(http);

        SocketAbuse sockets = new SocketAbuse(json, fixture.token(), fixture.deals());
        List<SocketScript> scripts = new ArrayList<>();
        scripts.addAll(sockets.protocol());
        scripts.addAll(sockets.credentials(credentials));
        scripts.addAll(sockets.subscriptions(perTarget.stream().flatMap(List::stream)
                .filter(c -> c.target().startsWith("Subscription.") && !c.how().contains("event stream"))
                .toList()));
        int played = playAll(sockets, scripts);

        busyEventLoops();
        healthAfterwards();
        long p99 = latencies.percentile(99);
        if (p99 > P99_MILLIS) {
            latencies.slowest(10).forEach(sample -> violations.add(new Violation(SLOW, sample.target(),
                    "p99 " + p99 + " ms over " + latencies.count() + " requests (bound " + P99_MILLIS + " ms)",
                    "this one took " + sample.millis() + " ms")));
        }
        log.info("API abuse: sent {} of {} HTTP requests, played {} of {} graphql-ws conversations; latency p50 {} ms, "
                        + "p90 {} ms, p99 {} ms, max {} ms; statuses {}", sent, http.size(), played, scripts.size(),
                latencies.percentile(50), latencies.percentile(90), p99, latencies.percentile(100), new TreeMap<>(statuses));
        writeReport();
        if (!violations.isEmpty()) {
            String summary = violations.summary();
            log.error("API abuse (seed {}): {}", SEED, summary);
            fail("API abuse (seed " + SEED + "): " + summary);
        }
    }

    // ---------------------------------------------------------------------------------------------- generation

    /** Every Query field with valid arguments, aliased, as the content of one selection set. */
    private static String everyQuery(FieldAbuse fields, List<Target> targets) {
        List<String> calls = new ArrayList<>();
        for (Target target : targets) {
            if (target.operation().equals("query") && target.nested() == null) {
                calls.add(fields.validCall(target, "q" + calls.size()));
            }
        }
        return String.join(" ", calls);
    }

    /**
     * Every credential against every Query field, three mutations and a subscription, each called validly: the
     * credential is the only fault.
     */
    private static List<AbuseCase> tokenCases(FieldAbuse fields, List<Target> targets, List<AbuseTokens.Credentials> all,
            Random random) {
        List<Target> roots = targets.stream().filter(t -> t.nested() == null).toList();
        List<Target> chosen = new ArrayList<>(roots.stream().filter(t -> t.operation().equals("query")).toList());
        List<Target> mutations = new ArrayList<>(roots.stream().filter(t -> t.operation().equals("mutation")).toList());
        Collections.shuffle(mutations, random);
        chosen.addAll(mutations.subList(0, Math.min(3, mutations.size())));
        roots.stream().filter(t -> t.operation().equals("subscription")).findFirst().ifPresent(chosen::add);
        List<AbuseCase> cases = new ArrayList<>();
        for (AbuseTokens.Credentials credentials : all) {
            for (Target target : chosen) {
                byte[] body = JsonBodies.bytes(JsonBodies.operation(fields.validDocument(target), Map.of()));
                cases.add(new AbuseCase("token", credentials.name() + " on " + target.coordinate(),
                        HttpCall.post("/graphql", "application/json", body, credentials.authorizations(),
                                credentials.unauthorized())));
            }
        }
        return cases;
    }

    /** Round robin over the targets' cases, so a cap cuts every target's share alike. */
    private static List<AbuseCase> interleaved(List<List<AbuseCase>> perTarget, int limit) {
        List<AbuseCase> result = new ArrayList<>();
        for (int round = 0; result.size() < limit; round++) {
            boolean any = false;
            for (List<AbuseCase> cases : perTarget) {
                if (round < cases.size() && result.size() < limit) {
                    result.add(cases.get(round));
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        return result;
    }

    // ---------------------------------------------------------------------------------------------- sending

    /** Sends the cases from {@value #CLIENTS}-ish concurrent clients until done or out of time; answers how many went. */
    private int sendAll(List<AbuseCase> cases) {
        ResponseCheck check = new ResponseCheck(json);
        long deadline = System.nanoTime() + HTTP_TIME.toNanos();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        try (RawHttp http = new RawHttp(port, TIMEOUT)) {
            runConcurrently(() -> {
                int i;
                while (System.nanoTime() < deadline && (i = next.getAndIncrement()) < cases.size()) {
                    AbuseCase abuse = cases.get(i);
                    Exchange exchange = http.send(abuse.call(), LISTEN);
                    sent.incrementAndGet();
                    boolean silent = RawHttp.SILENT_STREAM.equals(exchange.failure());
                    if (!silent) {
                        latencies.record(exchange.millis(), abuse.label());
                    }
                    statuses.computeIfAbsent(silent ? "silent event stream" : String.valueOf(exchange.status()),
                            s -> new AtomicInteger()).incrementAndGet();
                    violations.addAll(check.check(abuse, exchange));
                }
            }, HTTP_TIME.plus(TIMEOUT).plus(TIMEOUT));
        }
        return sent.get();
    }

    private int playAll(SocketAbuse sockets, List<SocketScript> scripts) {
        RawSocket socket = new RawSocket(port, LISTEN);
        // the client's first connections take seconds to set up: one conversation first, outside the checks
        socket.play(sockets.protocol().getLast());
        long deadline = System.nanoTime() + SOCKET_TIME.toNanos();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger played = new AtomicInteger();
        runConcurrently(() -> {
            int i;
            while (System.nanoTime() < deadline && (i = next.getAndIncrement()) < scripts.size()) {
                SocketScript script = scripts.get(i);
                violations.addAll(sockets.check(script, socket.play(script)));
                played.incrementAndGet();
            }
        }, SOCKET_TIME.plus(TIMEOUT).plus(TIMEOUT));
        return played.get();
    }

    private static void runConcurrently(Runnable client, Duration within) {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            for (int c = 0; c < CLIENTS; c++) {
                pool.execute(client);
            }
            pool.shutdown();
            if (!pool.awaitTermination(within.toMillis(), TimeUnit.MILLISECONDS)) {
                fail("the abuse clients did not stop within " + within.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        } finally {
            pool.shutdownNow();
        }
    }

    /** Every violation in {@code target/api-abuse-report.txt}, for whoever fixes them. */
    private void writeReport() {
        java.nio.file.Path report = java.nio.file.Path.of("target", "api-abuse-report.txt");
        try {
            java.nio.file.Files.writeString(report, "seed " + SEED + "\n" + violations.summary() + "\n\nAll:\n"
                    + violations.all());
            log.info("API abuse: the full report is in {}", report.toAbsolutePath());
        } catch (IOException e) {
            log.warn("API abuse: could not write {}", report, e);
        }
    }

    // ---------------------------------------------------------------------------------------------- afterwards

    /**
     * The server runs in this JVM: once every client has stopped, none of its event-loop threads should be working
     * (one that is was blocked by a request, and every connection it serves hangs). Three looks half a second apart,
     * so a loop merely finishing its last close is not taken for a blocked one; named with its top frames.
     */
    private void busyEventLoops() {
        Map<Thread, Integer> busy = new java.util.HashMap<>();
        Map<Thread, String> stacks = new java.util.HashMap<>();
        for (int look = 0; look < 3; look++) {
            if (look > 0) {
                reactor.core.publisher.Mono.delay(Duration.ofMillis(500)).block();
            }
            Thread.getAllStackTraces().forEach((thread, frames) -> {
                boolean serverLoop = thread.getName().startsWith("webflux-http-");
                boolean waiting = frames.length == 0 || frames[0].isNativeMethod() || thread.getState() != Thread.State.RUNNABLE;
                if (serverLoop && !waiting) {
                    busy.merge(thread, 1, Integer::sum);
                    stacks.put(thread, java.util.Arrays.stream(frames).limit(25).map(StackTraceElement::toString)
                            .collect(java.util.stream.Collectors.joining(" <- ")));
                }
            });
        }
        busy.forEach((thread, looks) -> {
            if (looks == 3) {
                violations.add(new Violation(BUSY_LOOP, thread.getName(), "(after all clients stopped)", stacks.get(thread)));
            }
        });
    }

    /**
     * A new user of the fixture tenant reads who they are, writes an entity and reads it back, a client reads the
     * schema by the standard introspection query, and a graphql-ws client runs a query. Retried for a while, so a
     * rate limit that the abuse tripped may pass first.
     */
    private void healthAfterwards() {
        String token;
        try {
            token = api.token(UUID.fromString(fixture.tenant()), "after-abuse-" + UUID.randomUUID(), "member");
        } catch (AssertionError e) {
            violations.add(new Violation(UNHEALTHY, "POST /dev/token", "a token for the fixture tenant", e.getMessage()));
            return;
        }
        try (RawHttp http = new RawHttp(port, TIMEOUT)) {
            healthy("me", http, token, "{ me { user tenantId } }", Map.of(),
                    data -> data.path("me").path("tenantId").asText().equals(fixture.tenant()));
            String name = fixture.attributes().get("Name");
            JsonNode created = healthy("createEntity", http, token,
                    "mutation($c: ID!, $a: String!) { createEntity(collectionId: $c, values: [{attribute: $a, text: \"after abuse\"}], "
                            + "consistency: STRONG) { id } }", Map.of("c", fixture.deals(), "a", name),
                    data -> data.path("createEntity").path("id").isTextual());
            if (created != null) {
                healthy("entity and tenant", http, token, "query($e: ID!) { tenant { id } entity(id: $e) { id values { attributeId text } } }",
                        Map.of("e", created.path("createEntity").path("id").asText()),
                        data -> data.path("tenant").path("id").asText().equals(fixture.tenant())
                                && data.path("entity").path("values").toString().contains("after abuse"));
            }
            healthy("standard introspection query", http, token, IntrospectionQuery.INTROSPECTION_QUERY, Map.of(),
                    data -> data.path("__schema").path("queryType").path("name").asText().equals("Query"));
        }
        try {
            String user = api.socket(token).document("{ me { user } }").execute().map(r -> r.field("me.user").<String>getValue())
                    .block(TIMEOUT);
            if (user == null || !user.startsWith("after-abuse-")) {
                violations.add(new Violation(UNHEALTHY, "graphql-ws query", "{ me { user } }", "answered " + user));
            }
        } catch (RuntimeException e) {
            violations.add(new Violation(UNHEALTHY, "graphql-ws query", "{ me { user } }", e.toString()));
        }
    }

    /** Sends the document until its data satisfies {@code ok} without errors (up to a minute); the data, or null. */
    private JsonNode healthy(String what, RawHttp http, String token, String document, Map<String, Object> variables,
            Function<JsonNode, Boolean> ok) {
        HttpCall call = HttpCall.post("/graphql", "application/json",
                JsonBodies.bytes(JsonBodies.operation(document, variables)), List.of("Bearer " + token), false);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = "";
        do {
            Exchange exchange = http.send(call, LISTEN);
            last = "HTTP " + exchange.status() + " " + Texts.cut(exchange.text(), 500)
                    + (exchange.failure() == null ? "" : " " + exchange.failure());
            try {
                JsonNode body = json.readTree(exchange.body());
                if (exchange.status() == 200 && body.path("errors").isMissingNode() && ok.apply(body.path("data"))) {
                    return body.path("data");
                }
                boolean limited = exchange.status() == 429 || body.path("errors").toString().contains("RATE_LIMITED");
                if (!limited && exchange.status() != 0) {
                    break;
                }
            } catch (IOException notJson) {
                break;
            }
            reactor.core.publisher.Mono.delay(Duration.ofSeconds(1)).block();
        } while (System.nanoTime() < deadline);
        violations.add(new Violation(UNHEALTHY, what, call.excerpt(), last));
        return null;
    }
}
