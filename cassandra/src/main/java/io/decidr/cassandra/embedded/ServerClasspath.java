package io.decidr.cassandra.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Cassandra server's own classpath: the folder into which the cassandra module's build copies cassandra-all
 * and its runtime dependencies (see {@code cassandra/pom.xml}). Nothing here needs the network or a Maven
 * repository at run time.
 *
 * <p>Order: the {@value #PROPERTY} system property, the {@value #ENVIRONMENT} environment variable, then
 * {@value #RELATIVE_TO_MODULE} under the working directory or {@code cassandra/}{@value #RELATIVE_TO_MODULE}
 * under it or one of its parents, which finds it from the checkout root (the app's dev profile) and from any
 * module folder (Maven runs each module's tests there).
 */
public final class ServerClasspath {

    public static final String PROPERTY = "decidr.cassandra.server-lib";
    public static final String ENVIRONMENT = "DECIDR_CASSANDRA_SERVER_LIB";
    public static final String RELATIVE_TO_MODULE = "target/embedded-cassandra/lib";

    private static final String SERVER_JAR_PREFIX = "cassandra-all-";
    private static final int PARENTS_SEARCHED = 4;

    private ServerClasspath() {
    }

    /** The jars to put on the server's classpath, cassandra-all first. */
    public static List<Path> locate(Path configured) {
        Optional<Path> explicit = Optional.ofNullable(configured)
                .or(() -> Optional.ofNullable(System.getProperty(PROPERTY)).filter(v -> !v.isBlank()).map(Path::of))
                .or(() -> Optional.ofNullable(System.getenv(ENVIRONMENT)).filter(v -> !v.isBlank()).map(Path::of));
        Path folder = explicit.orElseGet(() -> search(Path.of("").toAbsolutePath()));
        return jarsIn(folder);
    }

    static Path search(Path start) {
        List<Path> tried = new ArrayList<>();
        Path dir = start;
        for (int level = 0; dir != null && level <= PARENTS_SEARCHED; level++, dir = dir.getParent()) {
            for (Path candidate : List.of(dir.resolve(RELATIVE_TO_MODULE), dir.resolve("cassandra").resolve(RELATIVE_TO_MODULE))) {
                if (Files.isDirectory(candidate)) {
                    return candidate;
                }
                tried.add(candidate);
            }
        }
        throw new EmbeddedCassandraException("No Cassandra server classpath found (looked in " + tried + "). "
                + "Build it from the checkout with `mvn -pl cassandra -am install -DskipTests` (it copies "
                + "cassandra-all and its dependencies to cassandra/" + RELATIVE_TO_MODULE + "), or point "
                + PROPERTY + " / " + ENVIRONMENT + " at such a folder.");
    }

    static List<Path> jarsIn(Path folder) {
        List<Path> jars;
        try (Stream<Path> files = Files.list(folder)) {
            jars = files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new EmbeddedCassandraException("Cannot read the Cassandra server classpath folder " + folder
                    + "; build it with `mvn -pl cassandra -am install -DskipTests`", e);
        }
        List<Path> servers = jars.stream().filter(ServerClasspath::isServerJar).toList();
        if (servers.size() != 1) {
            throw new EmbeddedCassandraException("Expected exactly one " + SERVER_JAR_PREFIX + "*.jar in " + folder
                    + " but found " + servers.stream().map(Path::getFileName).toList() + ". "
                    + (servers.isEmpty() ? "Build it with `mvn -pl cassandra -am install -DskipTests`."
                    : "It holds jars of two Cassandra versions: run `mvn -pl cassandra clean install -DskipTests`."));
        }
        // like Cassandra's own scripts: the server jar first, then its libraries
        return jars.stream().sorted(Comparator.comparing((Path jar) -> !isServerJar(jar))).toList();
    }

    private static boolean isServerJar(Path jar) {
        String name = jar.getFileName().toString();
        return name.startsWith(SERVER_JAR_PREFIX) && Character.isDigit(name.charAt(SERVER_JAR_PREFIX.length()));
    }
}
