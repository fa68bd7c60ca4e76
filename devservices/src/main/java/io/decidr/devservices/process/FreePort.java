package io.decidr.devservices.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.function.Supplier;

/**
 * TCP ports for the servers. A port free now may still be taken by another process before the server binds it: the
 * launcher then starts again ({@link ServerProcess#start(int, java.util.function.IntFunction)}).
 */
public final class FreePort {

    private FreePort() {
    }

    /** A port on 127.0.0.1 that nothing listens on right now. */
    public static int pick() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port on the loopback interface", e);
        }
    }

    /** Whether nothing listens on this port of 127.0.0.1 right now (a wildcard listener counts too). */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The port itself when it is free, so that a configured port that is taken fails at once rather than after the
     * server's whole start-up.
     *
     * @param whyTaken the message of the failure: who may hold it, and how to choose another
     */
    public static int requireFree(int port, Supplier<String> whyTaken) {
        if (!isFree(port)) {
            throw new DevServiceException(whyTaken.get());
        }
        return port;
    }
}
