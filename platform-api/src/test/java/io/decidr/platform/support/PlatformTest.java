package io.decidr.platform.support;

import io.decidr.cassandra.testing.TestCassandra;
import io.decidr.devservices.cassandra.EmbeddedCassandra;
import io.decidr.eventstore.testing.TestPostgres;
import io.decidr.platform.temporal.ProbeConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole application on a random port in the dev profile, against a database of the embedded test
 * PostgreSQL and a keyspace of the test Cassandra node (each started once per test JVM), and Temporal's in-process
 * test server. Every subclass shares one application context, so the app starts once. Tokens come from
 * {@code POST /dev/token}, as a newcomer's do.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "decidr.dev.postgres.embedded=false",
        "decidr.dev.cassandra.embedded=false",
        "decidr.dev.temporal.embedded=false",
        // the starter's in-process TestWorkflowEnvironment instead of a Temporal server
        "spring.temporal.test-server.enabled=true",
        // the test-only probe workflow and activity bean, on the workers application.yml declares
        "spring.temporal.workers-auto-discovery.workflow-packages=io.decidr.platform.temporal",
        "spring.temporal.workers-auto-discovery.register-activity-beans=true",
        "decidr.security.hmac-secret=" + PlatformTest.TEST_SECRET,
        "spring.r2dbc.pool.max-size=10",
        "decidr.graphql.strong-consistency-timeout=2s",
        "decidr.projections.metrics-interval=200ms",
        // a retired generation is emptied soon after a rebuild's switch (PersonalDataIT waits for it), once the processes that
        // do not run the projector (they look every 5 s) have followed the switch
        "decidr.projections.retired-grace=10s",
        // Spring Boot's tests turn metrics exporters off; /actuator/prometheus is part of what ManagementIT checks
        "management.prometheus.metrics.export.enabled=true",
        // jobs slow enough to be cancelled midway, quick enough for the suite
        "decidr.jobs.max-items-per-second=150",
        // the applications of the suite share one database but not one Temporal server: a sweep in one would take the
        // jobs another runs for lost (LostJobsIT turns it on in its own)
        "decidr.jobs.reconcile.enabled=false",
        // subscriptions the tests leave open would hold a graceful shutdown for its 30 s, with the databases gone
        "server.shutdown=immediate",
        // small limits for tenants of the limits tests only; every other tenant keeps the (high) defaults
        "decidr.limits.tenants." + PlatformTest.HTTP_THROTTLED_TENANT + ".requests-per-second=1",
        "decidr.limits.tenants." + PlatformTest.HTTP_THROTTLED_TENANT + ".burst=3",
        "decidr.limits.tenants." + PlatformTest.SOCKET_THROTTLED_TENANT + ".requests-per-second=1",
        "decidr.limits.tenants." + PlatformTest.SOCKET_THROTTLED_TENANT + ".burst=3",
        "decidr.limits.tenants." + PlatformTest.FEW_CONNECTIONS_TENANT + ".websocket-connections=2",
        // a slow subscriber is ended after fewer changes than in production, so the test writes fewer
        "decidr.limits.subscription-backlog=200",
        // uploads: a megabyte at most, cut into parts of 500 rows, so that small files have several parts
        "decidr.uploads.max-size=1MB",
        "decidr.uploads.part-rows=500",
        // webhooks to the tests' receivers on loopback (the platform's own ports stay refused), retried briefly
        "decidr.webhooks.allow-http=true",
        "decidr.webhooks.allowed-networks=127.0.0.0/8",
        "decidr.webhooks.refresh=200ms",
        "decidr.webhooks.dispatcher.poll=200ms",
        "decidr.webhooks.dispatcher.timeout=1s",
        "decidr.webhooks.dispatcher.initial-backoff=200ms",
        "decidr.webhooks.dispatcher.max-backoff=500ms",
        "decidr.webhooks.dispatcher.give-up-after=3s",
        // Temporal payloads encrypted, as production runs them (EncryptedPayloadsIT checks the histories)
        "decidr.personal-data.active-master-key=suite",
        // no data key kept in memory: tests see an erasure or a key-store outage at once, from any process
        "decidr.personal-data.key-cache=0s",
        "decidr.personal-data.master-keys.suite=c3VpdGUtcGVyc29uYWwtbWFzdGVyLWtleS0zMi1ieSE=",
        "decidr.temporal.encryption.enabled=true",
        // the dev profile's codec endpoint answers without a token (its UI has none): the suite checks production's
        "decidr.temporal.encryption.codec-without-token=false",
        "decidr.temporal.encryption.active-key=suite",
        "decidr.temporal.encryption.keys.suite=c3VpdGUta2V5LW9mLXRoaXJ0eS10d28tYnl0ZXMtISE=",
})
@ActiveProfiles("dev")
@Import(ProbeConfiguration.class)
public abstract class PlatformTest {

    /** Tenants with small limits of their own (one to three operations, or two connections); see the properties above. */
    public static final String HTTP_THROTTLED_TENANT = "00000000-0000-0000-0000-00000000a001";
    public static final String SOCKET_THROTTLED_TENANT = "00000000-0000-0000-0000-00000000a002";
    public static final String FEW_CONNECTIONS_TENANT = "00000000-0000-0000-0000-00000000a003";

    /** 384 bits, base64: the HS256 key of test tokens. */
    public static final String TEST_SECRET = "dGVzdC1zZWNyZXQtdGhhdC1pcy1sb25nLWVub3VnaC1mb3ItSFMyNTYtc2lnbmluZy0xMjM0NTY=";

    private static TestPostgres.Database database;

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        stores(registry, database(), "platform_" + ProcessHandle.current().pid());
    }

    /** Points the application at a database of the test PostgreSQL and a keyspace of the test Cassandra node. */
    public static void stores(DynamicPropertyRegistry registry, TestPostgres.Database database, String keyspace) {
        registry.add("spring.r2dbc.url", () -> "r2dbc:postgresql://" + database.host() + ":" + database.port()
                + "/" + database.name());
        registry.add("spring.r2dbc.username", () -> TestPostgres.Database.USER);
        registry.add("spring.r2dbc.password", () -> TestPostgres.Database.PASSWORD);
        cassandra(registry, keyspace);
    }

    /** Points the application at the test JVM's Cassandra node, in a keyspace of its own that the app creates. */
    public static void cassandra(DynamicPropertyRegistry registry, String keyspace) {
        EmbeddedCassandra server = TestCassandra.server();
        registry.add("spring.cassandra.contact-points", () -> server.host() + ":" + server.nativePort());
        registry.add("spring.cassandra.local-datacenter", server::localDatacenter);
        registry.add("spring.cassandra.keyspace-name", () -> keyspace);
    }

    protected static synchronized TestPostgres.Database database() {
        if (database == null) {
            database = TestPostgres.newDatabase();
        }
        return database;
    }
}
