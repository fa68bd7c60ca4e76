package io.decidr.application.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.decidr.application.command.CommandBus;
import io.decidr.application.command.CommandBusSettings;
import io.decidr.domain.access.Actor;
import io.decidr.domain.access.Role;
import io.decidr.domain.access.UserId;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.collection.TextType;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.decider.RejectionCode;
import io.decidr.domain.tenant.TenantId;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.aggregates.Aggregates;
import io.decidr.eventstore.feed.EventNotifications;
import io.decidr.eventstore.testing.Poll;
import io.decidr.eventstore.testing.TestPostgres;
import io.r2dbc.pool.ConnectionPool;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.netcrusher.core.reactor.NioReactor;
import org.netcrusher.tcp.TcpCrusher;
import org.netcrusher.tcp.TcpCrusherBuilder;

/**
 * Two processes (two buses on one database): the one that follows announced changes serves tenant and collection
 * look-ups from its cache, yet sees the other's change as soon as it is announced; one that does not follow reads the
 * log on every look-up. A command that creates its aggregate is answered as before without reading the stream.
 */
@Timeout(120)
class LookupTrustIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Longer than any test: only an announced change can make the following bus read again. */
    private static final CommandBusSettings TRUSTING =
            new CommandBusSettings(8, Duration.ofMillis(10), 100, 1_000, 4, 128, Duration.ofHours(1));

    private static TestPostgres.Database database;
    private static ConnectionPool pool;
    private static EventNotifications notifications;
    private static CommandBus follower;
    private static CommandBus other;
    private static CommandBus reader;

    @BeforeAll
    static void start() {
        database = TestPostgres.newDatabase();
        pool = database.pool(8);
        PostgresEventStore store = new PostgresEventStore(pool);
        notifications = new EventNotifications(database.connectionFactory());
        follower = new CommandBus(store, TRUSTING);
        follower.follow(notifications.streamChanges());
        other = new CommandBus(store, TRUSTING);
        reader = new CommandBus(store, TRUSTING);
    }

    @AfterAll
    static void stop() {
        notifications.close();
        pool.dispose();
    }

    @Test
    void a_change_made_elsewhere_reaches_a_following_cache_when_it_is_announced() {
        Requester root = new Requester(new TenantId(UUID.randomUUID()), new Actor(new UserId("root"), Set.of(Role.PLATFORM_ADMIN)));
        UUID tenant = new TenantHandler(other).register(root, "Elsewhere", UUID.randomUUID()).block(WAIT).id();
        Requester ada = new Requester(new TenantId(tenant), new Actor(new UserId("ada"), Set.of(Role.ADMIN, Role.MEMBER)));
        CollectionHandler elsewhere = new CollectionHandler(other, new TenantGate(other));
        CollectionId items = new CollectionId(elsewhere.create(ada, "Items", UUID.randomUUID()).block(WAIT).id());

        // wait until the follower is listening, then let it cache the collection
        Poll.until("the follower to trust its cached collection", WAIT,
                () -> versionSeenBy(follower, tenant, items) == 1 && followerTrusts(tenant, items));

        elsewhere.defineAttribute(ada, items, "Name", new TextType(10), false, UUID.randomUUID()).block(WAIT);

        assertThat(versionSeenBy(reader, tenant, items)).as("a bus that does not follow reads the log").isEqualTo(2);
        Poll.until("the announced change to reach the follower", WAIT, () -> versionSeenBy(follower, tenant, items) == 2);
        assertThat(new CollectionHandler(follower, new TenantGate(follower)).existing(ada, items).block(WAIT).schema().attributes())
                .extracting(attribute -> attribute.name()).containsExactly("Name");

        // a suspension made elsewhere refuses the follower's next command once announced
        new TenantHandler(other).suspend(root, new TenantId(tenant), "unpaid", UUID.randomUUID()).block(WAIT);
        Poll.until("the announced suspension to reach the follower", WAIT,
                () -> new TenantGate(follower).context(ada).block(WAIT).tenantSuspended());
    }

    @Test
    void a_creating_command_repeated_or_colliding_is_answered_as_before() {
        Requester root = new Requester(new TenantId(UUID.randomUUID()), new Actor(new UserId("root"), Set.of(Role.PLATFORM_ADMIN)));
        UUID registration = UUID.randomUUID();
        Result first = new TenantHandler(follower).register(root, "Twice", registration).block(WAIT);
        // the same command again, from a process that has nothing cached
        Result again = new TenantHandler(other).register(root, "Twice", registration).block(WAIT);
        assertThat(again.duplicate()).isTrue();
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.version()).isEqualTo(first.version());

        // another command creating an aggregate that exists: rejected as existing, not as a version conflict
        Throwable refused = catchThrowable(() -> other.dispatch(Aggregates.TENANT, new io.decidr.application.command.CommandEnvelope<>(
                root.commandScope(), first.id(),
                new io.decidr.domain.tenant.RegisterTenant(new TenantId(first.id()), "Again", root.actor()),
                io.decidr.eventstore.EventMetadata.direct(UUID.randomUUID(), "root"))).block(WAIT));
        assertThat(refused).isInstanceOf(Rejection.class);
        assertThat(((Rejection) refused).code()).isEqualTo(RejectionCode.ALREADY_EXISTS);
    }

    @Test
    void a_follower_that_joins_late_trusts_and_one_whose_listening_connection_is_lost_stops_trusting() throws Exception {
        int proxyPort;
        try (ServerSocket free = new ServerSocket(0)) {
            proxyPort = free.getLocalPort();
        }
        NioReactor reactor = new NioReactor();
        TcpCrusher crusher = TcpCrusherBuilder.builder().withReactor(reactor).withBindAddress("127.0.0.1", proxyPort)
                .withConnectAddress(database.host(), database.port()).buildAndOpen();
        EventNotifications proxied = new EventNotifications(database.via("127.0.0.1", proxyPort).connectionFactory());
        try {
            PostgresEventStore store = new PostgresEventStore(pool);
            Requester root = new Requester(new TenantId(UUID.randomUUID()), new Actor(new UserId("root"), Set.of(Role.PLATFORM_ADMIN)));
            UUID tenant = new TenantHandler(other).register(root, "Cut", UUID.randomUUID()).block(WAIT).id();
            Requester ada = new Requester(new TenantId(tenant), new Actor(new UserId("ada"), Set.of(Role.ADMIN, Role.MEMBER)));
            CollectionHandler elsewhere = new CollectionHandler(other, new TenantGate(other));
            CollectionId items = new CollectionId(elsewhere.create(ada, "Items", UUID.randomUUID()).block(WAIT).id());
            var stream = Aggregates.COLLECTION.stream(tenant, items.value());

            CommandBus early = new CommandBus(store, TRUSTING);
            early.follow(proxied.streamChanges());
            Poll.until("the notifications to listen", WAIT, () -> versionSeenBy(early, tenant, items) == 1 && early.isTrusted(stream));
            // it starts following once the notifications listen: it is told so, and trusts its cache as the first did
            CommandBus late = new CommandBus(store, TRUSTING);
            late.follow(proxied.streamChanges());
            Poll.until("the late follower to trust its cached collection", WAIT,
                    () -> versionSeenBy(late, tenant, items) == 1 && late.isTrusted(stream));

            crusher.close(); // the listening connection is cut, and no new one gets through
            Poll.until("the follower to stop trusting once nothing is announced", WAIT, () -> !late.isTrusted(stream));
            elsewhere.defineAttribute(ada, items, "Name", new TextType(10), false, UUID.randomUUID()).block(WAIT);
            assertThat(versionSeenBy(late, tenant, items)).as("a change nobody announced is read from the log").isEqualTo(2);
            assertThat(late.isTrusted(stream)).isFalse();

            crusher.open();
            Poll.until("the follower to trust again once listening", WAIT,
                    () -> versionSeenBy(late, tenant, items) == 2 && late.isTrusted(stream));
        } finally {
            proxied.close();
            crusher.close();
            reactor.close();
        }
    }

    private static long versionSeenBy(CommandBus bus, UUID tenant, CollectionId collection) {
        return bus.current(Aggregates.COLLECTION, tenant, collection.value()).block(WAIT).version();
    }

    /** Whether the follower answers from its cache: a second bus's append it was not told of goes unseen. */
    private static boolean followerTrusts(UUID tenant, CollectionId collection) {
        return follower.isTrusted(Aggregates.COLLECTION.stream(tenant, collection.value()));
    }
}
