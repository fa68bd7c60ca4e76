package io.decidr.cassandra.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a CQL file into statements. Deliberately simple, because we write the files: a statement ends with a
 * {@code ;} at the end of a line, lines starting with {@code --} are comments, and single-quoted strings (a table's
 * comment) may contain anything, {@code ;} and line breaks included ({@code ''} is a quote inside one).
 */
final class CqlScript {

    private CqlScript() {
    }

    /**
     * The file's statements, without their {@code ;}.
     *
     * @throws MigrationException ({@link MigrationException.Code#BAD_STATEMENT}) for text after the last statement or
     *                            a {@code CREATE} without {@code IF NOT EXISTS}
     */
    static List<String> statements(String fileName, String text) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inString = false;
        int lineNumber = 0;
        for (String line : text.split("\\R", -1)) {
            lineNumber++;
            if (!inString && line.strip().startsWith("--")) {
                continue;
            }
            if (!inString && line.isBlank() && current.isEmpty()) {
                continue;
            }
            inString = togglesString(line, inString);
            current.append(line).append('\n');
            if (!inString && line.stripTrailing().endsWith(";")) {
                String statement = current.toString().strip();
                statement = statement.substring(0, statement.length() - 1).strip();
                if (!statement.isEmpty()) {
                    statements.add(requireRerunnable(fileName, lineNumber, statement));
                }
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            throw new MigrationException(MigrationException.Code.BAD_STATEMENT, fileName
                    + ": the last statement does not end with ';' at the end of a line"
                    + (inString ? " (a quoted string is not closed)" : "") + ": " + abbreviate(current.toString()));
        }
        return List.copyOf(statements);
    }

    /** Whether the line leaves us inside a quoted string; a doubled quote toggles twice, i.e. not at all. */
    private static boolean togglesString(String line, boolean inString) {
        boolean inside = inString;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '\'') {
                inside = !inside;
            }
        }
        return inside;
    }

    /**
     * A file is re-run from its first statement when start-up crashed half way through it, so every CREATE must be a
     * no-op the second time. (ALTER ... ADD IF NOT EXISTS and DROP ... IF EXISTS are the author's responsibility.)
     */
    private static String requireRerunnable(String fileName, int endLine, String statement) {
        String normalized = statement.replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
        if (normalized.startsWith("CREATE ") && !normalized.startsWith("CREATE OR REPLACE ")
                && !normalized.contains(" IF NOT EXISTS ")) {
            throw new MigrationException(MigrationException.Code.BAD_STATEMENT, fileName
                    + ": the statement ending on line " + endLine + " must say IF NOT EXISTS, so that a file that was"
                    + " applied only in part can run again: " + abbreviate(statement));
        }
        return statement;
    }

    private static String abbreviate(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
    }
}
