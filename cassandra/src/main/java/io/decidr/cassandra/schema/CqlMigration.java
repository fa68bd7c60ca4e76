package io.decidr.cassandra.schema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One versioned CQL file, {@code V<version>__<description>.cql}, parsed.
 *
 * @param version     from the file name; files are applied in this order
 * @param description from the file name, underscores as spaces
 * @param checksum    SHA-256 of the text (line endings normalized): any later edit of an applied file is caught
 * @param statements  the statements, in file order
 */
public record CqlMigration(int version, String description, String checksum, List<String> statements) {

    private static final Pattern FILE_NAME = Pattern.compile("V([1-9][0-9]{0,8})__([A-Za-z0-9_]+)\\.cql");

    public CqlMigration {
        if (version < 1) {
            throw new IllegalArgumentException("a migration version is 1 or more, not " + version);
        }
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(checksum, "checksum");
        statements = List.copyOf(statements);
    }

    /**
     * Parses a file.
     *
     * @throws MigrationException for a name that is not {@code V<n>__<description>.cql} or text that does not split
     *                            into re-runnable statements
     */
    public static CqlMigration parse(String fileName, String text) {
        Matcher name = FILE_NAME.matcher(fileName);
        if (!name.matches()) {
            throw new MigrationException(MigrationException.Code.BAD_FILE_NAME, "'" + fileName
                    + "' is not a migration file name: expected V<version>__<description>.cql, e.g. V3__job_list.cql");
        }
        int version = Integer.parseInt(name.group(1));
        String normalized = text.replace("\r\n", "\n");
        return new CqlMigration(version, name.group(2).replace('_', ' '), sha256(normalized),
                CqlScript.statements(fileName, normalized));
    }

    /** The file name this migration came from, as people know it. */
    public String fileName() {
        return "V" + version + "__" + description.replace(' ', '_') + ".cql";
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
