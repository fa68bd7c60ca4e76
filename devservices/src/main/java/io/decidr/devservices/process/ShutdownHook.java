package io.decidr.devservices.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a server when the JVM exits, so that an ordinary exit of the launcher (the end of a test JVM, Ctrl-C on
 * {@code bin/run}) leaves no server behind. A failure is logged: the JVM is exiting, and the other hooks must run.
 */
public final class ShutdownHook {

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownHook.class);

    private final Thread thread;

    private ShutdownHook(Thread thread) {
        this.thread = thread;
    }

    public static ShutdownHook register(String what, Runnable stop) {
        Thread thread = new Thread(() -> {
            try {
                stop.run();
            } catch (RuntimeException e) {
                LOG.error("Could not stop the {} cleanly", what, e);
            }
        }, "stop " + what);
        Runtime.getRuntime().addShutdownHook(thread);
        return new ShutdownHook(thread);
    }

    /** The server was stopped otherwise: the hook has nothing left to do. */
    public void remove() {
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(thread);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running or about to, and stopping twice is harmless
        }
    }
}
