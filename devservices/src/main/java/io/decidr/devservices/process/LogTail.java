package io.decidr.devservices.process;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The last lines of a log file, for the message of a failed start. */
public final class LogTail {

    /** Cassandra logs its whole configuration on one line of several KB; nobody reads that in an exception. */
    private static final int MAX_LINE = 400;
    /** Reads no more than the end of a big log. */
    private static final int MAX_BYTES = 256 * 1024;

    private LogTail() {
    }

    public static String of(Path file, int lines) {
        if (!Files.isRegularFile(file)) {
            return "(no " + file + ")";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            int size = (int) Math.min(length, MAX_BYTES);
            byte[] bytes = new byte[size];
            raf.seek(length - size);
            raf.readFully(bytes);
            List<String> all = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\\R"));
            return all.subList(Math.max(0, all.size() - lines), all.size()).stream()
                    .map(line -> line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + " [...]" : line)
                    .collect(Collectors.joining(System.lineSeparator()));
        } catch (IOException e) {
            return "(could not read " + file + ": " + e.getMessage() + ")";
        }
    }
}
