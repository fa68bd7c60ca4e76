package io.decidr.projections.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.domain.collection.AttributeId;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.entity.EntityCreated;
import io.decidr.domain.entity.EntityEvent;
import io.decidr.domain.entity.EntityId;
import io.decidr.domain.entity.ErasedValue;
import io.decidr.domain.entity.NumberValue;
import io.decidr.domain.entity.TextValue;
import io.decidr.domain.entity.Value;
import io.decidr.eventstore.AppendRequest;
import io.decidr.eventstore.EventMetadata;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.aggregates.Aggregates;
import io.decidr.eventstore.feed.AllEventsFeed;
import io.decidr.eventstore.feed.EventNotifications;
import io.decidr.eventstore.personal.DataKey;
import io.decidr.eventstore.personal.KeyRing;
import io.decidr.eventstore.personal.LocalMasterKeys;
import io.decidr.eventstore.personal.NewKey;
import io.decidr.eventstore.personal.PersonalKeys;
import io.decidr.eventstore.personal.PostgresPersonalKeys;
import io.decidr.eventstore.testing.TestPostgres;
import io.decidr.projections.readmodel.DomainProjection;
import io.r2dbc.pool.ConnectionPool;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * A domain projection of sealed events on a real log and key store: a batch's keys are looked up once per tenant, not once
 * per event, and what it projects is the same (values opened, erased ones as stand-ins).
 */
class SealedBatchIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private TestPostgres.Database database;
    private ConnectionPool pool;
    private PostgresEventStore store;
    private EventNotifications notifications;
    private Projector projector;
    /** Keys never kept in memory: every look-up reads the store, as for a projector far behind the log. */
    private PostgresPersonalKeys keys;
    private final AtomicInteger lookups = new AtomicInteger();
    private final AttributeId email = new AttributeId(UUID.randomUUID());
    private final AttributeId score = new AttributeId(UUID.randomUUID());

    @BeforeEach
    void start() {
        database = TestPostgres.newDatabase();
        pool = database.pool(4);
        store = new PostgresEventStore(pool);
        notifications = new EventNotifications(database.connectionFactory());
        keys = new PostgresPersonalKeys(pool, new LocalMasterKeys(Map.of("m1", new byte[32]), "m1"), Duration.ZERO);
    }

    @AfterEach
    void stop() {
        if (projector != null) {
            projector.close();
        }
        notifications.close();
        pool.dispose();
    }

    @Test
    void a_batch_of_sealed_events_needs_one_key_look_up_per_tenant_and_projects_what_one_by_one_would() {
        Map<EntityId, UUID> tenantOf = new LinkedHashMap<>();
        Map<EntityId, String> written = new LinkedHashMap<>();
        for (UUID tenant : List.of(UUID.randomUUID(), UUID.randomUUID())) {
            for (int i = 0; i < 20; i++) {
                EntityId entity = new EntityId(UUID.randomUUID());
                String address = "person-" + i + "-" + UUID.randomUUID() + "@example.org";
                tenantOf.put(entity, tenant);
                written.put(entity, address);
                create(tenant, entity, address);
            }
        }
        EntityId erased = written.keySet().iterator().next();
        keys.erase(tenantOf.get(erased), erased.value(), "admin", "asked to be forgotten").block(WAIT);

        Map<EntityId, Value> projected = new ConcurrentHashMap<>();
        DomainProjection<EntityEvent> projection = new DomainProjection<>("entities", Aggregates.ENTITY,
                (context, event) -> Mono.fromRunnable(() -> {
                    if (event instanceof EntityCreated created) {
                        projected.put(created.id(), created.values().get(email));
                    }
                }), counting(keys));
        projector = new Projector(projection, store, new AllEventsFeed(store, notifications),
                new InMemoryCheckpoints(), new InMemoryParkedEvents(),
                new ProjectorSettings(100, 4, 3, Duration.ofMillis(5), failure -> false, Duration.ZERO),
                Clock.systemUTC());
        projector.start();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (projected.size() < written.size()) {
            assertThat(System.nanoTime()).as("all 40 entities projected").isLessThan(deadline);
            Mono.delay(Duration.ofMillis(20)).block();
        }

        written.forEach((entity, address) -> assertThat(projected.get(entity))
                .isEqualTo(entity.equals(erased) ? ErasedValue.INSTANCE : new TextValue(address)));
        // 40 sealed events of two tenants, read in one batch (or a few): a look-up per tenant and batch, not per event
        assertThat(lookups.get()).isBetween(2, 8);
    }

    private void create(UUID tenant, EntityId entity, String address) {
        NewKey key = keys.newKey(tenant, entity.value()).block(WAIT);
        EntityCreated created = new EntityCreated(entity, new CollectionId(UUID.randomUUID()),
                Map.of(email, new TextValue(address), score, new NumberValue(BigDecimal.ONE)), Set.of(email));
        store.append(new AppendRequest("scope", tenant, Aggregates.ENTITY.stream(tenant, entity.value()), 0,
                List.of(Aggregates.ENTITY.events().encode(UUID.randomUUID(), created, key.key())),
                EventMetadata.direct(UUID.randomUUID(), "tester"), List.of(key))).block(WAIT);
    }

    /** The key store, counting its look-ups of keys. */
    private PersonalKeys counting(PersonalKeys store) {
        return new PersonalKeys() {
            @Override
            public Mono<DataKey> keyFor(UUID tenant, UUID subject) {
                return store.keyFor(tenant, subject);
            }

            @Override
            public Mono<KeyRing> ring(UUID tenant, Set<UUID> keyIds) {
                lookups.incrementAndGet();
                return store.ring(tenant, keyIds);
            }

            @Override
            public Mono<Boolean> erase(UUID tenant, UUID subject, String erasedBy, String reason) {
                return store.erase(tenant, subject, erasedBy, reason);
            }
        };
    }
}
