package io.decidr.devservices.devprofile;

import io.decidr.devservices.cassandra.CassandraSettings;
import io.decidr.devservices.cassandra.EmbeddedCassandra;
import io.decidr.devservices.postgres.EmbeddedPostgresServer;
import io.decidr.devservices.postgres.PostgresSettings;
import io.decidr.devservices.temporal.DevServerSettings;
import io.decidr.devservices.temporal.TemporalCliServer;
import io.decidr.devservices.temporal.TemporalDevServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * In the {@code dev} profile only: starts an embedded PostgreSQL and an embedded Cassandra (a JDK 17 process)
 * whose data live in the checkout ({@code .data/postgres}, {@code .data/cassandra}; ignored by git, kept across
 * restarts), a Temporal server on 127.0.0.1:7233 (namespace {@code default}) and a token-signing secret kept beside
 * them, and points the standard properties at them. Outside {@code dev} nothing here runs. The Temporal server is the
 * real one when {@code decidr.dev.temporal.cli} names the Temporal CLI ({@code bin/run} fetches it with
 * {@code bin/temporal-cli}): {@code temporal server start-dev} with its workflows in {@code .data/temporal/temporal.db}
 * (kept across restarts), the Web UI on {@code decidr.dev.temporal.ui-port} (8233) and the search attributes of
 * {@code decidr.dev.temporal.search-attributes} ({@code Name=Type}, the application lists its own) registered before
 * it serves; otherwise Temporal's Java test server, a process of its own that keeps workflows in memory only and has
 * no UI.
 *
 * <p>Each part can be switched off ({@code decidr.dev.postgres.embedded=false},
 * {@code decidr.dev.cassandra.embedded=false}, {@code decidr.dev.temporal.embedded=false}) so that tests can run
 * the dev profile against servers of their own; the ports are {@code decidr.dev.postgres.port} (54329),
 * {@code decidr.dev.cassandra.port} (19042) and {@code decidr.dev.temporal.port} (7233).
 *
 * <p>Registered in this module's {@code META-INF/spring.factories}: the application runs it only when this module is
 * on its classpath (tests, {@code bin/run}'s loader path, the bench), never from the production jar.
 */
public class DevEnvironment implements EnvironmentPostProcessor {

    static final String PROFILE = "dev";

    private static EmbeddedPostgresServer postgres;
    private static EmbeddedCassandra cassandra;
    private static TemporalDevServer temporal;
    private static TemporalCliServer temporalCli;

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.matchesProfiles(PROFILE)) {
            return;
        }
        Path dataDir = Path.of(environment.getProperty("decidr.dev.data-dir", ".data")).toAbsolutePath();
        Map<String, Object> properties = new HashMap<>();
        if (environment.getProperty("decidr.dev.postgres.embedded", Boolean.class, true)) {
            int port = environment.getProperty("decidr.dev.postgres.port", Integer.class, 54329);
            boolean durable = environment.getProperty("decidr.dev.postgres.durable", Boolean.class, true);
            EmbeddedPostgresServer server = startPostgres(PostgresSettings.persistent(dataDir.resolve("postgres"), port)
                    .withDurable(durable));
            properties.put("spring.r2dbc.url", server.r2dbcUrl("postgres"));
            properties.put("spring.r2dbc.username", EmbeddedPostgresServer.USER);
            properties.put("spring.r2dbc.password", EmbeddedPostgresServer.PASSWORD);
        }
        // before Cassandra: a taken port fails in a second, not after Cassandra's start-up
        if (environment.getProperty("decidr.dev.temporal.embedded", Boolean.class, true)) {
            int port = environment.getProperty("decidr.dev.temporal.port", Integer.class,
                    TemporalDevServer.DEFAULT_PORT);
            String cli = environment.getProperty("decidr.dev.temporal.cli");
            if (cli != null && !cli.isBlank()) {
                int uiPort = environment.getProperty("decidr.dev.temporal.ui-port", Integer.class,
                        TemporalCliServer.DEFAULT_UI_PORT);
                List<String> searchAttributes = Binder.get(environment)
                        .bind("decidr.dev.temporal.search-attributes", Bindable.listOf(String.class))
                        .orElse(List.of());
                TemporalCliServer.Settings settings = TemporalCliServer.Settings.of(Path.of(cli),
                        dataDir.resolve("temporal"), port, uiPort).withSearchAttributes(searchAttributes);
                // encrypted payloads (the default): the Web UI shows them in clear through the app's codec endpoint
                if (environment.getProperty("decidr.temporal.encryption.enabled", Boolean.class, true)) {
                    settings = settings.withUiCodecEndpoint("http://localhost:"
                            + environment.getProperty("server.port", Integer.class, 8080) + "/codec");
                }
                TemporalCliServer server = startTemporalCli(settings);
                properties.put("spring.temporal.connection.target", server.target());
                properties.put("spring.temporal.namespace", TemporalCliServer.NAMESPACE);
                if (environment.getProperty("decidr.temporal.ui-url") == null) {
                    properties.put("decidr.temporal.ui-url", server.uiUrl());
                }
            } else {
                TemporalDevServer server = startTemporal(dataDir.resolve("temporal").resolve("test-server.log"), port);
                properties.put("spring.temporal.connection.target", server.target());
                properties.put("spring.temporal.namespace", TemporalDevServer.NAMESPACE);
            }
        }
        if (environment.getProperty("decidr.dev.cassandra.embedded", Boolean.class, true)) {
            int port = environment.getProperty("decidr.dev.cassandra.port", Integer.class, 19042);
            int storagePort = environment.getProperty("decidr.dev.cassandra.storage-port", Integer.class, 17000);
            EmbeddedCassandra server = startCassandra(dataDir.resolve("cassandra"), port, storagePort);
            properties.put("spring.cassandra.contact-points", server.host() + ":" + server.nativePort());
            properties.put("spring.cassandra.local-datacenter", server.localDatacenter());
        }
        if (environment.getProperty("decidr.security.hmac-secret") == null) {
            properties.put("decidr.security.hmac-secret", devSecret(dataDir.resolve("dev-token-secret")));
        }
        environment.getPropertySources().addFirst(new MapPropertySource("decidr-dev", properties));
    }

    /**
     * The embedded server keeps its data across restarts, so it commits durably by default: the embedded binaries'
     * own defaults (fsync, synchronous commit and full-page writes off) lose or corrupt data on a crash, and measure
     * commits that are not real ({@code decidr.dev.postgres.durable=false} brings them back). It stops itself
     * through its own shutdown hook.
     */
    private static synchronized EmbeddedPostgresServer startPostgres(PostgresSettings settings) {
        if (postgres == null) {
            postgres = new EmbeddedPostgresServer(settings).start();
        }
        return postgres;
    }

    private static synchronized EmbeddedCassandra startCassandra(Path directory, int port, int storagePort) {
        if (cassandra == null) {
            // stops itself through its own shutdown hook
            cassandra = new EmbeddedCassandra(CassandraSettings.persistent(directory)
                    .withNativePort(port).withStoragePort(storagePort)).start();
        }
        return cassandra;
    }

    /** The real server (the Temporal CLI's start-dev), its workflows kept in the folder across restarts. */
    private static synchronized TemporalCliServer startTemporalCli(TemporalCliServer.Settings settings) {
        if (temporalCli == null) {
            TemporalCliServer server = new TemporalCliServer(settings);
            // stopped once the application context is closed, as the test server is (the workers leave a live server)
            SpringApplication.getShutdownHandlers().add(server::stop);
            temporalCli = server.start();
        }
        return temporalCli;
    }

    private static synchronized TemporalDevServer startTemporal(Path logFile, int port) {
        if (temporal == null) {
            TemporalDevServer server = new TemporalDevServer(DevServerSettings.on(port, logFile).withoutShutdownHook());
            // Stopped once the application context is closed, so that the workers say goodbye to a live server:
            // a JVM shutdown hook of its own would run alongside the context's and pull the server from under them.
            SpringApplication.getShutdownHandlers().add(server::stop);
            temporal = server.start();
        }
        return temporal;
    }

    /** A random secret made once and kept, so dev tokens stay valid across restarts. */
    private static String devSecret(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file).strip();
            }
            Files.createDirectories(file.getParent());
            byte[] bytes = new byte[48];
            new SecureRandom().nextBytes(bytes);
            String secret = Base64.getEncoder().encodeToString(bytes);
            Files.writeString(file, secret);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("could not keep the dev token secret in " + file, e);
        }
    }
}
