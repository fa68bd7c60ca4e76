package io.decidr.devservices.cassandra;

import io.decidr.devservices.process.DevServiceException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the JDK 17 that runs the Cassandra server. Cassandra 5.0 supports JDK 11 and 17 only (on newer JDKs it
 * fails installing its SecurityManager), while the application itself runs on JDK 25, so the server JVM never
 * uses the application's own java.
 *
 * <p>Order: the {@value #PROPERTY} system property, the {@value #ENVIRONMENT} environment variable, the first
 * existing of {@link #WELL_KNOWN_HOMES}, then {@code java} on the {@code PATH}. An explicitly configured home
 * that is not a JDK 17 is an error rather than silently skipped.
 */
public final class ServerJavaHome {

    public static final String PROPERTY = "decidr.cassandra.java-home";
    public static final String ENVIRONMENT = "DECIDR_CASSANDRA_JAVA_HOME";
    public static final int REQUIRED_MAJOR = 17;
    public static final List<Path> WELL_KNOWN_HOMES = List.of(
            Path.of("/usr/lib/jvm/java-17-openjdk-amd64"),
            Path.of("/usr/lib/jvm/temurin-17-jdk-amd64"));

    private static final Pattern RELEASE_VERSION = Pattern.compile("^JAVA_VERSION=\"([^\"]+)\"", Pattern.MULTILINE);
    private static final Pattern VERSION_OUTPUT = Pattern.compile("version \"([^\"]+)\"");

    private ServerJavaHome() {
    }

    /** The {@code java} executable to start the server with. */
    public static Path locateJava(Path configured) {
        Optional<String> explicit = Optional.ofNullable(configured).map(Path::toString)
                .or(() -> Optional.ofNullable(System.getProperty(PROPERTY)))
                .or(() -> Optional.ofNullable(System.getenv(ENVIRONMENT)))
                .filter(value -> !value.isBlank());
        return locateJava(explicit, WELL_KNOWN_HOMES, javaOnPath());
    }

    static Path locateJava(Optional<String> explicit, List<Path> wellKnownHomes, Optional<Path> javaOnPath) {
        if (explicit.isPresent()) {
            Path home = Path.of(explicit.get());
            Path java = executable(home);
            if (!Files.isExecutable(java)) {
                throw new DevServiceException(PROPERTY + "/" + ENVIRONMENT + " is " + home
                        + ", but there is no executable " + java);
            }
            requireSupported(home, majorVersion(home), PROPERTY + "/" + ENVIRONMENT + " (" + home + ")");
            return java;
        }
        List<String> tried = new ArrayList<>();
        for (Path home : wellKnownHomes) {
            if (Files.isExecutable(executable(home))) {
                int major = majorVersion(home);
                if (major == REQUIRED_MAJOR) {
                    return executable(home);
                }
                tried.add(home + " (Java " + major + ")");
            } else {
                tried.add(home + " (missing)");
            }
        }
        if (javaOnPath.isPresent()) {
            Path java = javaOnPath.get();
            int major = majorVersion(java.getParent().getParent());
            if (major == REQUIRED_MAJOR) {
                return java;
            }
            tried.add(java + " on the PATH (Java " + major + ")");
        } else {
            tried.add("java on the PATH (none)");
        }
        throw new DevServiceException("No JDK " + REQUIRED_MAJOR + " found to run Cassandra 5.0 (it fails "
                + "on newer JDKs). Tried: " + String.join(", ", tried) + ". Install one (e.g. apt-get install "
                + "openjdk-17-jdk-headless) or point " + PROPERTY + " / " + ENVIRONMENT + " at its home.");
    }

    /** The major Java version of a JDK home: from its {@code release} file, else by asking its java. */
    static int majorVersion(Path home) {
        Path release = home.resolve("release");
        try {
            if (Files.isRegularFile(release)) {
                Matcher matcher = RELEASE_VERSION.matcher(Files.readString(release, StandardCharsets.ISO_8859_1));
                if (matcher.find()) {
                    return major(matcher.group(1));
                }
            }
            return major(askVersion(executable(home)));
        } catch (IOException e) {
            throw new DevServiceException("Could not tell the Java version of " + home, e);
        }
    }

    static int major(String version) {
        String[] parts = version.split("[.+\\-_]");
        int first = Integer.parseInt(parts[0]);
        // "1.8.0_402" style: the major version is the second number
        return first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first;
    }

    private static void requireSupported(Path home, int major, String what) {
        if (major != REQUIRED_MAJOR) {
            throw new DevServiceException(what + " is Java " + major + ", but Cassandra 5.0 needs a JDK "
                    + REQUIRED_MAJOR + " (the application's own JDK 25 cannot run it). Point it at a JDK "
                    + REQUIRED_MAJOR + " home, e.g. " + WELL_KNOWN_HOMES.get(0) + "; was: " + home);
        }
    }

    private static String askVersion(Path java) throws IOException {
        Process process = new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true).start();
        try (InputStream out = process.getInputStream()) {
            String text = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            Matcher matcher = VERSION_OUTPUT.matcher(text);
            if (!matcher.find()) {
                throw new IOException(java + " -version printed no version: " + text.strip());
            }
            return matcher.group(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while asking " + java + " for its version", e);
        }
    }

    private static Optional<Path> javaOnPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String folder : path.split(java.io.File.pathSeparator)) {
            if (folder.isBlank()) {
                continue;
            }
            Path candidate = Path.of(folder, "java");
            if (Files.isExecutable(candidate)) {
                try {
                    // /usr/bin/java is usually a chain of links into the JDK's bin folder
                    return Optional.of(candidate.toRealPath());
                } catch (IOException e) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    private static Path executable(Path home) {
        return home.resolve("bin").resolve("java");
    }
}
