package io.decidr.devservices.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A forked server's own classpath: the folder into which the devservices module's build copies the server's jar
 * and its runtime dependencies (see {@code devservices/pom.xml}), so that the server runs with exactly the set it
 * was released with and nothing of it is on the launcher's classpath. Nothing here needs the network or a Maven
 * repository at run time.
 *
 * <p>Order: the {@link #property()} system property, the {@link #environment()} environment variable, then
 * {@link #relativeToModule()} under the working directory, or {@code devservices/}{@link #relativeToModule()}
 * under it or one of its parents: that finds it from the checkout root ({@code bin/run}, {@code bin/bench}), from
 * the devservices module and from any other module's folder (Maven runs each module's tests there).
 *
 * @param server          what the classpath runs, for messages: "Cassandra server", "Temporal test server"
 * @param property        the system property that names the folder
 * @param environment     the environment variable that names the folder
 * @param folder          the folder's name under {@code devservices/target}, e.g. "embedded-cassandra"
 * @param serverJarPrefix the server's own jar, followed by its version: exactly one must be in the folder
 */
public record CopiedClasspath(String server, String property, String environment, String folder,
                              String serverJarPrefix) {

    /** The module whose build copies the classpaths. */
    public static final String MODULE = "devservices";

    private static final int PARENTS_SEARCHED = 4;

    /** Where the build copies it, relative to the devservices module. */
    public String relativeToModule() {
        return "target/" + folder + "/lib";
    }

    /**
     * The jars to put on the server's classpath, the server's own first (as Cassandra's own scripts do).
     *
     * @param configured a folder given in the server's settings, or {@code null} to look for one
     */
    public List<Path> locate(Path configured) {
        Optional<Path> explicit = Optional.ofNullable(configured)
                .or(() -> Optional.ofNullable(System.getProperty(property)).filter(v -> !v.isBlank()).map(Path::of))
                .or(() -> Optional.ofNullable(System.getenv(environment)).filter(v -> !v.isBlank()).map(Path::of));
        return jarsIn(explicit.orElseGet(() -> search(Path.of("").toAbsolutePath())));
    }

    /** The copied folder, looked for from {@code start} up. */
    public Path search(Path start) {
        List<Path> tried = new ArrayList<>();
        Path dir = start;
        for (int level = 0; dir != null && level <= PARENTS_SEARCHED; level++, dir = dir.getParent()) {
            for (Path candidate : List.of(dir.resolve(relativeToModule()), dir.resolve(MODULE).resolve(relativeToModule()))) {
                if (Files.isDirectory(candidate)) {
                    return candidate;
                }
                tried.add(candidate);
            }
        }
        throw new DevServiceException("No " + server + " classpath found (looked in " + tried + "). " + buildIt()
                + ", or point " + property + " / " + environment + " at such a folder.");
    }

    public List<Path> jarsIn(Path folder) {
        List<Path> jars;
        try (Stream<Path> files = Files.list(folder)) {
            jars = files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new DevServiceException("Cannot read the " + server + " classpath folder " + folder + ". "
                    + buildIt() + ".", e);
        }
        List<Path> servers = jars.stream().filter(this::isServerJar).toList();
        if (servers.size() != 1) {
            throw new DevServiceException("Expected exactly one " + serverJarPrefix + "*.jar in " + folder
                    + " but found " + servers.stream().map(Path::getFileName).toList() + ". "
                    + (servers.isEmpty() ? buildIt() + "."
                    : "It holds jars of two versions of the " + server + ": delete it and build again."));
        }
        return jars.stream().sorted(Comparator.comparing((Path jar) -> !isServerJar(jar))).toList();
    }

    private String buildIt() {
        return "Build it from the checkout with `./mvnw -pl " + MODULE + " -am install -DskipTests` (bin/run does), "
                + "which copies the " + server + " and its dependencies to " + MODULE + "/" + relativeToModule();
    }

    private boolean isServerJar(Path jar) {
        String name = jar.getFileName().toString();
        return name.startsWith(serverJarPrefix) && name.length() > serverJarPrefix.length()
                && Character.isDigit(name.charAt(serverJarPrefix.length()));
    }
}
