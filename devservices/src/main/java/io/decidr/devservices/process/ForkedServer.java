package io.decidr.devservices.process;

/**
 * What every embedded server's adapter shares: its one running process (started through {@link ServerProcess}), the
 * guard against starting it twice, stopping it, and its pid. An adapter adds only what is its own: the command line,
 * ports, settings and how to tell the server is up.
 */
public abstract class ForkedServer implements AutoCloseable {

    /** How messages name the server, e.g. "Cassandra" or "The Temporal test server". */
    private final String label;
    private ServerProcess server;

    protected ForkedServer(String label) {
        this.label = label;
    }

    /** Fails when this instance already runs its server: start it once, or stop it first. */
    protected final synchronized void requireNotRunning() {
        if (server != null && server.isAlive()) {
            throw new IllegalStateException(label + " is already running (pid " + server.pid() + ")");
        }
    }

    /** The process a start just brought up; {@link #stop()} stops it. */
    protected final synchronized ServerProcess running(ServerProcess started) {
        server = started;
        return started;
    }

    /**
     * Stops the server: asks it to shut down, kills it if it is still running after the grace period, and waits until
     * the process is gone. Does nothing if it is not running.
     */
    public synchronized void stop() {
        if (server != null) {
            ServerProcess stopping = server;
            server = null;
            stopping.stop();
        }
    }

    /**
     * Kills the server at once (SIGKILL), as a crash would: it cannot drain or flush, and a kept data folder stays as
     * the kill left it. Waits until the process is gone. Does nothing if it is not running.
     */
    public synchronized void kill() {
        if (server != null) {
            ServerProcess killing = server;
            server = null;
            killing.kill();
        }
    }

    @Override
    public void close() {
        stop();
    }

    public synchronized boolean isRunning() {
        return server != null && server.isAlive();
    }

    /** The server process's id, while it runs. */
    public synchronized long pid() {
        if (server == null) {
            throw new IllegalStateException(label + " is not running");
        }
        return server.pid();
    }
}
