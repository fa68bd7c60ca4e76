package io.decidr.cassandra.session;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Where and how the application talks to Cassandra.
 *
 * @param contactPoints   nodes to start from; the driver finds the others
 * @param localDatacenter the datacenter whose nodes serve requests (the driver insists on it)
 * @param keyspace        the keyspace sessions are bound to
 * @param consistency     of every request that does not set its own
 * @param requestTimeout  of every request that does not set its own
 * @param schemaMetadata  whether the driver keeps schema metadata and the token map. On in production: token-aware
 *                        routing needs them. Off in tests: with it on, every DDL statement makes the driver re-read
 *                        the schema tables, which is most of the cost of a test's {@code CREATE TABLE}
 * @param credentials     the login of a cluster that asks for one ({@code PasswordAuthenticator}); null: none
 */
public record CassandraConnection(
        List<InetSocketAddress> contactPoints,
        String localDatacenter,
        String keyspace,
        DefaultConsistencyLevel consistency,
        Duration requestTimeout,
        boolean schemaMetadata,
        Credentials credentials) {

    /** A user name and password; the password never appears in {@link #toString()}. */
    public record Credentials(String username, String password) {

        public Credentials {
            requireText(username, "the user name");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "Credentials[username=" + username + ", password=****]";
        }
    }

    public static final int DEFAULT_PORT = 9042;
    public static final DefaultConsistencyLevel DEFAULT_CONSISTENCY = DefaultConsistencyLevel.LOCAL_QUORUM;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);

    public CassandraConnection {
        contactPoints = List.copyOf(contactPoints);
        if (contactPoints.isEmpty()) {
            throw new IllegalArgumentException("at least one contact point is needed");
        }
        requireText(localDatacenter, "the local datacenter");
        requireText(keyspace, "the keyspace");
        Objects.requireNonNull(consistency, "consistency");
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("the request timeout must be positive, not " + requestTimeout);
        }
    }

    /**
     * A connection with the defaults: {@link #DEFAULT_CONSISTENCY}, {@link #DEFAULT_REQUEST_TIMEOUT}, schema metadata
     * on.
     *
     * @param contactPoints comma-separated {@code host:port} (port 9042 when left out; IPv6 as {@code [::1]:9042})
     */
    public static CassandraConnection of(String contactPoints, String localDatacenter, String keyspace) {
        return new CassandraConnection(parseContactPoints(contactPoints), localDatacenter, keyspace,
                DEFAULT_CONSISTENCY, DEFAULT_REQUEST_TIMEOUT, true, null);
    }

    /** Parses {@code host:port,host:port}; a host name is resolved now, once (left to the driver if that fails). */
    public static List<InetSocketAddress> parseContactPoints(String contactPoints) {
        List<InetSocketAddress> parsed = Arrays.stream(contactPoints.split(","))
                .map(String::strip)
                .filter(point -> !point.isEmpty())
                .map(CassandraConnection::parseContactPoint)
                .toList();
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("no contact point in '" + contactPoints + "'");
        }
        return parsed;
    }

    public CassandraConnection withConsistency(DefaultConsistencyLevel consistency) {
        return new CassandraConnection(contactPoints, localDatacenter, keyspace, consistency, requestTimeout,
                schemaMetadata, credentials);
    }

    public CassandraConnection withRequestTimeout(Duration requestTimeout) {
        return new CassandraConnection(contactPoints, localDatacenter, keyspace, consistency, requestTimeout,
                schemaMetadata, credentials);
    }

    public CassandraConnection withSchemaMetadata(boolean schemaMetadata) {
        return new CassandraConnection(contactPoints, localDatacenter, keyspace, consistency, requestTimeout,
                schemaMetadata, credentials);
    }

    /** Logs in as the user (a null or blank user name: no login). */
    public CassandraConnection withCredentials(String username, String password) {
        Credentials login = username == null || username.isBlank() ? null
                : new Credentials(username, Objects.requireNonNullElse(password, ""));
        return new CassandraConnection(contactPoints, localDatacenter, keyspace, consistency, requestTimeout,
                schemaMetadata, login);
    }

    public CassandraConnection withKeyspace(String keyspace) {
        return new CassandraConnection(contactPoints, localDatacenter, keyspace, consistency, requestTimeout,
                schemaMetadata, credentials);
    }

    private static InetSocketAddress parseContactPoint(String point) {
        String host = point;
        int port = DEFAULT_PORT;
        int colon = point.lastIndexOf(':');
        boolean bracketed = point.startsWith("[");
        if (bracketed) {
            int close = point.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("contact point '" + point + "': ']' missing");
            }
            host = point.substring(1, close);
            if (close + 1 < point.length()) {
                if (point.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("contact point '" + point + "': expected [host]:port");
                }
                port = parsePort(point, point.substring(close + 2));
            }
        } else if (colon >= 0 && colon == point.indexOf(':')) {
            host = point.substring(0, colon);
            port = parsePort(point, point.substring(colon + 1));
        } else if (colon >= 0) {
            throw new IllegalArgumentException(
                    "contact point '" + point + "': write an IPv6 address as [address]:port");
        }
        requireText(host, "the host of contact point '" + point + "'");
        return new InetSocketAddress(host, port);
    }

    private static int parsePort(String point, String port) {
        try {
            int parsed = Integer.parseInt(port);
            if (parsed < 1 || parsed > 65535) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("contact point '" + point + "': '" + port + "' is not a port");
        }
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
