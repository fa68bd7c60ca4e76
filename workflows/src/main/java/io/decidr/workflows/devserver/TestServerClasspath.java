package io.decidr.workflows.devserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The test server's own classpath: the folder into which the workflows module's build copies temporal-test-server
 * and its runtime dependencies (see {@code workflows/pom.xml}). Nothing here needs the network or a Maven
 * repository at run time.
 *
 * <p>Order: the {@value #PROPERTY} system property, the {@value #ENVIRONMENT} environment variable, then
 * {@value #RELATIVE_TO_MODULE} under the working directory or {@code workflows/}{@value #RELATIVE_TO_MODULE}
 * under it or one of its parents, which finds it from the checkout root (the app's dev profile) and from any
 * module folder (Maven runs each module's tests there).
 */
public final class TestServerClasspath {

    public static final String PROPERTY = "decidr.temporal.test-server-lib";
    public static final String ENVIRONMENT = "DECIDR_TEMPORAL_TEST_SERVER_LIB";
    public static final String RELATIVE_TO_MODULE = "target/temporal-test-server/lib";

    private static final String SERVER_JAR_PREFIX = "temporal-test-server-";
    private static final int PARENTS_SEARCHED = 4;
    private static final String BUILD_IT = "Build it from the checkout with `./mvnw -pl workflows -am package "
            + "-DskipTests` (bin/run does), which copies temporal-test-server and its dependencies to workflows/"
            + RELATIVE_TO_MODULE;

    private TestServerClasspath() {
    }

    /** The jars to put on the server's classpath. */
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
            for (Path candidate : List.of(dir.resolve(RELATIVE_TO_MODULE),
                    dir.resolve("workflows").resolve(RELATIVE_TO_MODULE))) {
                if (Files.isDirectory(candidate)) {
                    return candidate;
                }
                tried.add(candidate);
            }
        }
        throw new TemporalDevServerException("No Temporal test server classpath found (looked in " + tried + "). "
                + BUILD_IT + ", or point " + PROPERTY + " / " + ENVIRONMENT + " at such a folder.");
    }

    static List<Path> jarsIn(Path folder) {
        List<Path> jars;
        try (Stream<Path> files = Files.list(folder)) {
            jars = files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new TemporalDevServerException("Cannot read the Temporal test server classpath folder " + folder
                    + ". " + BUILD_IT + ".", e);
        }
        List<Path> servers = jars.stream().filter(TestServerClasspath::isServerJar).toList();
        if (servers.size() != 1) {
            throw new TemporalDevServerException("Expected exactly one " + SERVER_JAR_PREFIX + "*.jar in " + folder
                    + " but found " + servers.stream().map(Path::getFileName).toList() + ". "
                    + (servers.isEmpty() ? BUILD_IT + "." : "It holds jars of two Temporal versions: delete it and "
                    + "build again."));
        }
        return jars;
    }

    private static boolean isServerJar(Path jar) {
        String name = jar.getFileName().toString();
        return name.startsWith(SERVER_JAR_PREFIX) && Character.isDigit(name.charAt(SERVER_JAR_PREFIX.length()));
    }
}
