package io.decidr.devservices.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file that names the server running on a folder, for servers whose command line cannot carry an
 * {@link OwnerMarker} (a native binary takes no {@code -D} options): the next start on the same folder stops the
 * server a killed launcher left behind. Written once the server process runs, deleted when it stopped.
 */
public record PidFile(Path file) {

    private static final Logger LOG = LoggerFactory.getLogger(PidFile.class);

    void write(long pid) {
        try {
            Files.writeString(file, Long.toString(pid), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", file, e.toString());
        }
    }

    /**
     * Stops the process the file names when it still runs and its command line shows it is the server
     * ({@code ours}): a pid is reused by unrelated processes once its own is gone.
     */
    public void stopLeftBehind(String what, Duration grace, Predicate<List<String>> ours) {
        Optional<ProcessHandle> left = named().filter(ProcessHandle::isAlive)
                .filter(process -> ours.test(ProcessArguments.of(process)));
        if (left.isEmpty()) {
            return;
        }
        LOG.warn("Stopping a {} left behind (pid {}, named by {})", what, left.get().pid(), file);
        try {
            ProcessStop.stop(left.get(), grace, what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Optional<ProcessHandle> named() {
        try {
            return Files.exists(file)
                    ? ProcessHandle.of(Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).strip()))
                    : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
