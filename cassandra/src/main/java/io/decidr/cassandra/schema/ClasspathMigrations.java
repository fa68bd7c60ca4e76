package io.decidr.cassandra.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the migration files of a classpath folder through the folder's {@code index.txt}, one file name a line
 * ({@code #} starts a comment). An index instead of a directory scan, because listing a folder works differently in
 * a jar, in {@code target/classes} and in a Spring Boot fat jar, while reading a named resource works the same in
 * all of them. A listed file that is missing is an error, never skipped.
 */
public final class ClasspathMigrations {

    /** The folder the application's migrations live in. */
    public static final String DEFAULT_FOLDER = "cql";
    public static final String INDEX = "index.txt";

    private ClasspathMigrations() {
    }

    /** The migrations of {@code cql/}, in version order. */
    public static List<CqlMigration> load() {
        return load(DEFAULT_FOLDER);
    }

    /** The migrations of a classpath folder, in version order. */
    public static List<CqlMigration> load(String folder) {
        return load(ClasspathMigrations.class.getClassLoader(), folder);
    }

    /**
     * The migrations of a classpath folder, in version order.
     *
     * @throws MigrationException if the index or a listed file is missing, a name is malformed, two files share a
     *                            version, or a file does not parse
     */
    public static List<CqlMigration> load(ClassLoader classLoader, String folder) {
        String prefix = folder.endsWith("/") ? folder : folder + "/";
        List<CqlMigration> migrations = new ArrayList<>();
        for (String fileName : fileNames(read(classLoader, prefix + INDEX, "the migration index"))) {
            migrations.add(CqlMigration.parse(fileName, read(classLoader, prefix + fileName,
                    "a file listed in " + prefix + INDEX)));
        }
        return inVersionOrder(migrations);
    }

    /**
     * The migrations sorted by version.
     *
     * @throws MigrationException if two share a version
     */
    static List<CqlMigration> inVersionOrder(List<CqlMigration> migrations) {
        Map<Integer, CqlMigration> byVersion = new HashMap<>();
        for (CqlMigration migration : migrations) {
            CqlMigration other = byVersion.putIfAbsent(migration.version(), migration);
            if (other != null) {
                throw new MigrationException(MigrationException.Code.BAD_FILE_NAME, other.fileName() + " and "
                        + migration.fileName() + " have the same version " + migration.version());
            }
        }
        return migrations.stream().sorted(Comparator.comparingInt(CqlMigration::version)).toList();
    }

    private static List<String> fileNames(String index) {
        return index.lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
    }

    private static String read(ClassLoader classLoader, String resource, String what) {
        try (InputStream in = classLoader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new MigrationException(MigrationException.Code.MISSING_FILE,
                        "'" + resource + "' (" + what + ") is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read '" + resource + "' from the classpath", e);
        }
    }
}
