package io.decidr.devservices.postgres;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to run one embedded PostgreSQL server. Start from {@link #ephemeral()} (tests) or {@link #persistent(Path, int)}
 * (the dev profile) and adjust with the {@code withX} methods.
 *
 * @param dataDirectory where the cluster lives, kept across restarts; {@code null} means a fresh temporary one that
 *                      {@link EmbeddedPostgresServer#stop()} deletes
 * @param port          0 picks a free one at start
 * @param durable       fsync, synchronous commit and full-page writes on; off, the binaries' defaults for tests,
 *                      a crash loses or corrupts data and commits measure nothing real
 * @param serverConfig  further {@code postgresql.conf} settings
 */
public record PostgresSettings(Path dataDirectory, int port, boolean durable, Map<String, String> serverConfig) {

    public PostgresSettings {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 (pick a free one) or a TCP port, not " + port);
        }
        serverConfig = Map.copyOf(serverConfig);
    }

    /** A throw-away server for tests: temporary folder, a free port, no fsync, room for many test pools. */
    public static PostgresSettings ephemeral() {
        return new PostgresSettings(null, 0, false, Map.of("max_connections", "300"));
    }

    /** A server whose data survive restarts and crashes, on a fixed port. */
    public static PostgresSettings persistent(Path dataDirectory, int port) {
        return new PostgresSettings(dataDirectory, port, true, Map.of());
    }

    public PostgresSettings withDurable(boolean value) {
        return new PostgresSettings(dataDirectory, port, value, serverConfig);
    }

    public PostgresSettings withServerConfig(String name, String value) {
        Map<String, String> config = new LinkedHashMap<>(serverConfig);
        config.put(name, value);
        return new PostgresSettings(dataDirectory, port, durable, config);
    }

    /** What the server is started with: the durability settings, then {@link #serverConfig()}. */
    Map<String, String> effectiveConfig() {
        String on = durable ? "on" : "off";
        Map<String, String> config = new LinkedHashMap<>();
        config.put("fsync", on);
        config.put("synchronous_commit", on);
        config.put("full_page_writes", on);
        config.putAll(serverConfig);
        return config;
    }
}
