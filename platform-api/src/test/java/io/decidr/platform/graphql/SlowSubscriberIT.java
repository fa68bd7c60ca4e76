package io.decidr.platform.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.application.handlers.EntityHandler;
import io.decidr.application.handlers.Requester;
import io.decidr.application.handlers.ValueInput;
import io.decidr.domain.access.Actor;
import io.decidr.domain.access.Role;
import io.decidr.domain.access.UserId;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.entity.TextValue;
import io.decidr.domain.tenant.TenantId;
import io.decidr.platform.security.Callers;
import io.decidr.platform.security.SecurityConfiguration;
import io.decidr.platform.support.Api;
import io.decidr.platform.support.PlatformTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.ExecutionGraphQlService;
import org.springframework.graphql.client.WebSocketGraphQlClient;
import org.springframework.graphql.execution.SubscriptionPublisherException;
import org.springframework.graphql.support.DefaultExecutionGraphQlRequest;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import reactor.core.Disposable;
import reactor.core.Scannable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

/**
 * A subscriber that reads nothing (a stuck client) while another tenant writes a lot: it holds none of the other
 * tenant's changes, the other tenant's subscriber keeps receiving, and once it falls more than the backlog
 * ({@code decidr.limits.subscription-backlog}, 200 in tests) behind its own tenant's changes it is ended at once
 * with LIMIT_EXCEEDED. graphql-ws has no flow control and TCP buffers megabytes, so the stuck subscribers here sit
 * right behind the transport: the controller's stream, and the same subscription through GraphQL execution.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlowSubscriberIT extends PlatformTest {

    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final String SUBSCRIPTION = "subscription($c: ID!) { entityChanged(collectionId: $c) { id } }";

    @Autowired
    EntitySubscriptions subscriptions;

    @Autowired
    ExecutionGraphQlService graphQl;

    @Autowired
    EntityHandler entities;

    Api api;
    Tenant slow;
    Tenant busy;

    record Tenant(UUID id, String collection, String token) {
    }

    @BeforeAll
    void tenants() {
        api = new Api(port);
        slow = tenant("Stuck");
        busy = tenant("Bustling");
    }

    @Test
    void a_stuck_subscriber_holds_only_its_own_tenants_changes_and_is_ended_once_too_far_behind() {
        WebSocketGraphQlClient busyClient = api.socket(busy.token());
        Set<String> busySeen = ConcurrentHashMap.newKeySet();
        List<Throwable> busyFailures = new CopyOnWriteArrayList<>();
        Disposable busyFeed = busyClient.document(SUBSCRIPTION).variable("c", busy.collection())
                .executeSubscription()
                .subscribe(response -> busySeen.add(response.field("entityChanged.id").getValue()), busyFailures::add);
        Stalled direct = new Stalled();
        Stalled executed = new Stalled();
        try {
            // the busy tenant's subscription goes live asynchronously: create until one is pushed
            // (any of them: the one just created is pushed only once projected, after this check)
            Set<String> made = ConcurrentHashMap.newKeySet();
            Api.eventually(() -> {
                assertThat(busyFailures).as("the busy tenant's subscription failed").isEmpty();
                made.addAll(create(busy, 1));
                return busySeen.stream().anyMatch(made::contains);
            }, WITHIN, "the busy tenant's subscription to be live");

            Authentication stuck = SecurityConfiguration.authentication(jwt(slow)).block();
            subscriptions.entityChanged(slow.collection(), Callers.requester(stuck)).subscribe(direct);
            Publisher<?> stream = (Publisher<?>) graphQl.execute(new DefaultExecutionGraphQlRequest(SUBSCRIPTION, null,
                            Map.of("c", slow.collection()), null, "stuck", null))
                    .contextWrite(ReactiveSecurityContextHolder.withAuthentication(stuck))
                    .block(WITHIN).getExecutionResult().getData();
            stream.subscribe(executed);

            // the stuck tenant changes more entities than any stage takes ahead, so some wait for the subscriber; the
            // busy tenant's next change reaches its subscriber after all of those were handed out
            create(slow, 40);
            awaitSeen(busySeen, create(busy, 1));
            long before = buffered(direct);
            assertThat(before).as("changes waiting for the stuck subscriber").isPositive();

            // the busy tenant writes a lot: its subscriber gets every change, and the stuck one holds none of them
            List<String> many = create(busy, 150);
            awaitSeen(busySeen, many);
            assertThat(buffered(direct)).as("what waits for the stuck subscriber after the other tenant's writes")
                    .isEqualTo(before);
            assertThat(direct.failure()).isNull();
            assertThat(executed.failure()).isNull();

            // its own tenant goes on changing: past the backlog both stuck subscribers are ended at once, though
            // neither ever asked for anything
            create(slow, 300);
            Api.eventually(() -> direct.failure() != null && executed.failure() != null, WITHIN,
                    "the stuck subscribers to be ended");
            assertThat(direct.failure()).hasMessageContaining("fell more than 200 changes behind");
            assertThat(executed.failure()).isInstanceOfSatisfying(SubscriptionPublisherException.class, ended -> {
                assertThat(ended.getErrors()).hasSize(1);
                assertThat(ended.getErrors().getFirst().getExtensions())
                        .containsEntry("code", "LIMIT_EXCEEDED")
                        .containsEntry("limit", "subscription-backlog")
                        .containsEntry("max", 200);
                assertThat(ended.getErrors().getFirst().getMessage()).contains("behind").doesNotContain("Exception");
            });

            // and the busy tenant's subscriber was never disturbed
            awaitSeen(busySeen, create(busy, 1));
            assertThat(busyFailures).isEmpty();
        } finally {
            direct.dispose();
            executed.dispose();
            busyFeed.dispose();
            busyClient.stop().block(WITHIN);
        }
    }

    /** A subscriber that never requests: it only records how it ended. */
    static final class Stalled extends BaseSubscriber<Object> {

        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            // no request, ever
        }

        @Override
        protected void hookOnError(Throwable error) {
            failure.set(error);
        }

        Throwable failure() {
            return failure.get();
        }

        /** The last operator before this subscriber. */
        Subscription upstreamOperator() {
            return upstream();
        }
    }

    /**
     * Elements held by the operators between the subscriber and its source, whatever they are: walks up from the
     * subscriber and into the inner streams of operators (never into a shared source's other subscribers).
     */
    static long buffered(Stalled subscriber) {
        return buffered(Scannable.from(subscriber.upstreamOperator()), Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static long buffered(Scannable node, Set<Scannable> visited) {
        if (node == null || !node.isScanAvailable() || !visited.add(node)) {
            return 0;
        }
        long total = node.scanOrDefault(Scannable.Attr.BUFFERED, 0);
        if (node.scan(Scannable.Attr.ACTUAL) != null) {
            total += node.inners().mapToLong(inner -> buffered(inner, visited)).sum();
        }
        return total + buffered(node.scan(Scannable.Attr.PARENT), visited);
    }

    private void awaitSeen(Set<String> seen, List<String> ids) {
        Api.eventually(() -> seen.containsAll(ids), WITHIN, ids.size() + " changes to reach the busy tenant's subscriber");
    }

    private List<String> create(Tenant tenant, int count) {
        Requester requester = new Requester(new TenantId(tenant.id()), new Actor(new UserId("writer"), Set.of(Role.MEMBER)));
        return Flux.range(0, count)
                .flatMap(i -> entities.create(requester, CollectionId.parse(tenant.collection(), "c"),
                        List.of(new ValueInput("Name", new TextValue("Entity " + i))), UUID.randomUUID()), 8)
                .map(result -> result.id().toString())
                .collectList()
                .block(WITHIN);
    }

    private Tenant tenant(String name) {
        HttpGraphQlTester platformAdmin = api.as(api.token(null, "root", "platform-admin"));
        UUID id = UUID.fromString(platformAdmin.document("mutation($n: String!) { registerTenant(name: $n) { id } }")
                .variable("n", name).execute().path("registerTenant.id").entity(String.class).get());
        String token = api.token(id, "ada", "admin", "member");
        HttpGraphQlTester admin = api.as(token);
        String collection = WritePathIT.id(admin.document("mutation { createCollection(name: \"Things\") { id } }").execute(),
                "createCollection.id");
        admin.document("mutation($c: ID!) { defineAttribute(input: {collectionId: $c, name: \"Name\", type: TEXT}) { attributeId } }")
                .variable("c", collection).execute().path("defineAttribute.attributeId").hasValue();
        return new Tenant(id, collection, token);
    }

    private static Jwt jwt(Tenant tenant) {
        return Jwt.withTokenValue("stuck")
                .header("alg", "HS256")
                .subject("stuck")
                .claim("tenant_id", tenant.id().toString())
                .claim("roles", List.of("member"))
                .issuedAt(Instant.now())
                .expiresAt(Instant.now().plus(Duration.ofHours(1)))
                .build();
    }
}
