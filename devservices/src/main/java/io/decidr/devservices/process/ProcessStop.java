package io.decidr.devservices.process;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every server process is stopped, ours or one left behind: asked first (SIGTERM, so a server can drain and
 * close its files), killed when it has not gone after a grace period.
 */
public final class ProcessStop {

    /** How long a killed process may take to be gone. */
    static final Duration KILL_WAIT = Duration.ofSeconds(30);
    private static final Duration EXIT_POLL = Duration.ofMillis(20);

    private static final Logger LOG = LoggerFactory.getLogger(ProcessStop.class);

    private ProcessStop() {
    }

    /**
     * Asks the process to stop, kills it if it still runs after {@code grace}, and waits until it is gone.
     *
     * @return whether it is gone
     * @throws InterruptedException when interrupted while waiting; the process may still be running
     */
    public static boolean stop(ProcessHandle process, Duration grace, String what) throws InterruptedException {
        process.destroy();
        if (awaitExit(process, grace)) {
            return true;
        }
        LOG.warn("{} (pid {}) did not stop within {}; killing it", what, process.pid(), grace);
        process.destroyForcibly();
        return awaitExit(process, KILL_WAIT);
    }

    /** Kills the process (a start that failed) and waits a while for it to go, never throwing. */
    static void kill(ProcessHandle process) {
        try {
            killAndWait(process);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Kills the process at once (SIGKILL: it cannot drain nor run shutdown hooks) and waits until it is gone.
     *
     * @return whether it is gone
     * @throws InterruptedException when interrupted while waiting; the process may still be running
     */
    static boolean killAndWait(ProcessHandle process) throws InterruptedException {
        process.destroyForcibly();
        return awaitExit(process, KILL_WAIT);
    }

    /**
     * Waits until the process is gone, looking every few milliseconds. Not through {@link ProcessHandle#onExit()}: the
     * JDK completes that future on the common ForkJoinPool, which has a single worker on a 2-core machine, and one
     * task blocking there (a test's long {@code CompletableFuture.supplyAsync}, say) holds back every onExit() of the
     * JVM: a server gone in a second then looks alive for as long as that task runs.
     */
    static boolean awaitExit(ProcessHandle process, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (process.isAlive()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(EXIT_POLL.toMillis());
        }
        return true;
    }
}
