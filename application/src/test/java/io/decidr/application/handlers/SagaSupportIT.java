package io.decidr.application.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.decidr.application.command.CommandBus;
import io.decidr.application.command.CommandBusSettings;
import io.decidr.domain.access.Actor;
import io.decidr.domain.access.Role;
import io.decidr.domain.access.UserId;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.decider.RejectionCode;
import io.decidr.domain.entity.EntityId;
import io.decidr.domain.tenant.TenantId;
import io.decidr.eventstore.Checkpoint;
import io.decidr.eventstore.CreatedEntity;
import io.decidr.eventstore.PostgresCollectionMembership;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.RecordedEvent;
import io.decidr.eventstore.StreamId;
import io.decidr.eventstore.testing.TestPostgres;
import io.r2dbc.pool.ConnectionPool;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;

/**
 * What the onboarding and archive-collection sagas ask of the event store and the handlers: a collection's entities
 * page by page, the tenant's admin grant, and the archive check that writes nothing.
 */
@Timeout(60)
class SagaSupportIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static TestPostgres.Database database;
    private static ConnectionPool pool;
    private static PostgresEventStore store;
    private static PostgresCollectionMembership members;
    private static TenantHandler tenants;
    private static CollectionHandler collections;
    private static EntityHandler entities;

    private static final Requester ROOT = new Requester(new TenantId(UUID.randomUUID()),
            new Actor(new UserId("root"), Set.of(Role.PLATFORM_ADMIN)));

    @BeforeAll
    static void start() {
        database = TestPostgres.newDatabase();
        pool = database.pool(4);
        store = new PostgresEventStore(pool);
        members = new PostgresCollectionMembership(pool);
        CommandBus bus = new CommandBus(store, CommandBusSettings.DEFAULTS);
        Handlers handlers = Handlers.over(bus);
        tenants = handlers.tenants();
        collections = handlers.collections();
        entities = handlers.entities();
    }

    @AfterAll
    static void stop() {
        pool.dispose();
    }

    private static <T> T block(Mono<T> mono) {
        return mono.block(WAIT);
    }

    private static Requester newTenant(Role... roles) {
        UUID tenant = block(tenants.register(ROOT, "Saga support", UUID.randomUUID())).id();
        return new Requester(new TenantId(tenant), new Actor(new UserId("ada"), Set.of(roles)));
    }

    @Test
    void pages_through_a_collections_entities_in_creation_order_and_nothing_of_others() throws Exception {
        Requester ada = newTenant(Role.ADMIN, Role.MEMBER);
        Requester bob = newTenant(Role.ADMIN, Role.MEMBER);
        CollectionId companies = new CollectionId(block(collections.create(ada, "Companies", UUID.randomUUID())).id());
        CollectionId people = new CollectionId(block(collections.create(ada, "People", UUID.randomUUID())).id());
        List<UUID> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(block(entities.create(ada, companies, List.of(), UUID.randomUUID())).id());
            block(entities.create(ada, people, List.of(), UUID.randomUUID()));
        }
        block(entities.archive(ada, new EntityId(created.get(2)), UUID.randomUUID()));
        // the same collection id in another tenant's stream names nothing of ada's
        assertThat(block(members.createdIn(bob.tenant().value(), companies.value(), Checkpoint.START, 10))).isEmpty();

        List<UUID> paged = new ArrayList<>();
        Checkpoint after = Checkpoint.START;
        List<Integer> sizes = new ArrayList<>();
        List<CreatedEntity> page;
        do {
            page = block(members.createdIn(ada.tenant().value(), companies.value(), after, 3));
            sizes.add(page.size());
            page.forEach(entity -> paged.add(entity.entityId()));
            after = page.isEmpty() ? after : page.getLast().at();
        } while (page.size() == 3);
        assertThat(paged).as("archived ones too, oldest first").containsExactlyElementsOf(created);
        assertThat(sizes).containsExactly(3, 3, 1);

        try (Connection c = database.jdbc(); Statement s = c.createStatement()) {
            s.execute("SET enable_seqscan = off");
            StringBuilder plan = new StringBuilder();
            try (ResultSet rows = s.executeQuery("EXPLAIN SELECT data ->> 'id' FROM events WHERE event_type = 'entity.created'"
                    + " AND tenant_id = '" + ada.tenant() + "' AND data ->> 'collection' = '" + companies + "'"
                    + " ORDER BY tx, global_position LIMIT 3")) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
            assertThat(plan.toString()).contains("events_entity_created_by_collection");
        }
    }

    @Test
    void a_platform_admin_grants_a_tenants_admin_once() {
        Requester ada = newTenant(Role.ADMIN);
        UUID commandId = UUID.randomUUID();
        Result granted = block(tenants.grantAdmin(ROOT, ada.tenant(), new UserId("ada"), commandId));
        assertThat(granted.version()).isEqualTo(2);
        assertThat(block(tenants.grantAdmin(ROOT, ada.tenant(), new UserId("ada"), commandId)).duplicate()).isTrue();
        assertThat(block(tenants.grantAdmin(ROOT, ada.tenant(), new UserId("ada"), UUID.randomUUID())).version())
                .as("granted before: nothing more").isEqualTo(2);
        assertThat(block(store.readStream(StreamId.of("tenant", ada.tenant().value(), ada.tenant().value()), 1)
                .map(RecordedEvent::type).collectList())).containsExactly("tenant.registered", "tenant.admin-granted");

        Rejection refused = (Rejection) catchThrowable(() -> block(tenants.grantAdmin(ada, ada.tenant(),
                new UserId("eve"), UUID.randomUUID())));
        assertThat(refused.code()).isEqualTo(RejectionCode.FORBIDDEN);
    }

    @Test
    void archivable_answers_as_the_archive_would_and_writes_nothing() {
        Requester ada = newTenant(Role.ADMIN, Role.MEMBER);
        Requester max = new Requester(ada.tenant(), new Actor(new UserId("max"), Set.of(Role.MEMBER)));
        CollectionId companies = new CollectionId(block(collections.create(ada, "Companies", UUID.randomUUID())).id());

        assertThat(block(collections.archivable(ada, companies)).name()).isEqualTo("Companies");
        assertThat(code(() -> block(collections.archivable(max, companies)))).isEqualTo(RejectionCode.FORBIDDEN);
        assertThat(code(() -> block(collections.archivable(ada, new CollectionId(UUID.randomUUID())))))
                .isEqualTo(RejectionCode.NOT_FOUND);
        assertThat(block(store.readStream(StreamId.of("collection", ada.tenant().value(), companies.value()), 1)
                .map(RecordedEvent::type).collectList())).containsExactly("collection.created");

        block(collections.archive(ada, companies, UUID.randomUUID()));
        assertThat(code(() -> block(collections.archivable(ada, companies)))).isEqualTo(RejectionCode.ARCHIVED);
    }

    private static RejectionCode code(Runnable call) {
        Throwable thrown = catchThrowable(call::run);
        assertThat(thrown).isInstanceOf(Rejection.class);
        return ((Rejection) thrown).code();
    }
}
