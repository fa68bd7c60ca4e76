package io.decidr.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.decidr.platform.DecidrApplication;
import io.r2dbc.spi.ConnectionFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The whole platform in this JVM, in the dev profile (api, worker and projector roles; embedded PostgreSQL,
 * Cassandra and Temporal's server), with its data in a directory of its own and on free ports, so a run starts from
 * nothing and never meets a running {@code bin/run}. PostgreSQL keeps its durable defaults (fsync and synchronous
 * commit on): the figures are those of commits that survive a crash.
 */
public final class Platform implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();

    private Platform(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static Platform start(Path dataDirectory, Map<String, Object> overrides) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("decidr.dev.data-dir", dataDirectory.toString());
        properties.put("decidr.dev.postgres.port", freePort());
        properties.put("decidr.dev.cassandra.port", freePort());
        properties.put("decidr.dev.cassandra.storage-port", freePort());
        properties.put("decidr.dev.temporal.port", freePort());
        properties.put("server.port", freePort());
        properties.put("management.server.port", freePort());
        properties.put("logging.level.root", "WARN");
        properties.put("logging.level.io.decidr", "WARN");
        properties.putAll(overrides);
        // as command-line arguments: they outrank application.yml and the dev profile's file, where default
        // properties (SpringApplicationBuilder.properties) would lose to both, leaving the dev ports, data folder
        // and per-tenant rate limit in force
        String[] arguments = properties.entrySet().stream()
                .map(property -> "--" + property.getKey() + "=" + property.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(DecidrApplication.class)
                .profiles("dev")
                .run(arguments);
        return new Platform(context);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** The application's own r2dbc pool. */
    public ConnectionFactory postgres() {
        return bean(ConnectionFactory.class);
    }

    public CqlSession cassandra() {
        return bean(CqlSession.class);
    }

    public String property(String name, String otherwise) {
        return context.getEnvironment().getProperty(name, otherwise);
    }

    public int httpPort() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort() + path);
    }

    /** A token from {@code POST /dev/token}, as a newcomer gets one. */
    public String devToken(UUID tenant, String user, String... roles) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (tenant != null) {
            body.put("tenantId", tenant.toString());
        }
        body.put("user", user);
        body.put("roles", List.of(roles));
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/dev/token"))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("/dev/token answered " + response.statusCode() + ": " + response.body());
            }
            return json.readTree(response.body()).get("token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** PostgreSQL's settings that decide what a commit costs. */
    public Map<String, String> durability() {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String name : List.of("fsync", "synchronous_commit", "wal_sync_method", "shared_buffers", "max_connections")) {
            settings.put("postgres." + name, Flux.usingWhen(postgres().create(),
                            c -> Flux.from(c.createStatement("SHOW " + name).execute())
                                    .flatMap(result -> result.map(row -> row.get(0, String.class))),
                            c -> Mono.from(c.close()))
                    .blockFirst(Duration.ofSeconds(10)));
        }
        settings.put("r2dbc.pool.max-size", property("spring.r2dbc.pool.max-size", "?"));
        return settings;
    }

    @Override
    public void close() {
        context.close();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON tree of a GraphQL answer, for workloads that check what they read. */
    public JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
