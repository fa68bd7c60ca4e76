package io.decidr.devservices.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.function.Supplier;

/**
 * TCP ports for the servers. A port free now may still be taken by another process before the server binds it: the
 * launcher then starts again ({@link ServerProcess#start(int, java.util.function.IntFunction)}).
 *
 * <p>A port is free or taken on one address: the nodes of a local cluster each bind their own loopback address
 * (127.0.0.2 and 127.0.0.3 as well as 127.0.0.1), so each asks about its own.
 */
public final class FreePort {

    private FreePort() {
    }

    /** A port on 127.0.0.1 that nothing listens on right now. */
    public static int pick() {
        return pick(InetAddress.getLoopbackAddress());
    }

    /** A port on this local address that nothing listens on right now. */
    public static int pick(InetAddress address) {
        try (ServerSocket socket = new ServerSocket(0, 1, address)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port on " + address.getHostAddress(), e);
        }
    }

    /** Whether nothing listens on this port of 127.0.0.1 right now (a wildcard listener counts too). */
    public static boolean isFree(int port) {
        return isFree(port, InetAddress.getLoopbackAddress());
    }

    /** Whether nothing listens on this port of this local address right now (a wildcard listener counts too). */
    public static boolean isFree(int port, InetAddress address) {
        try (ServerSocket socket = new ServerSocket(port, 1, address)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The port itself when it is free on 127.0.0.1, so that a configured port that is taken fails at once rather than
     * after the server's whole start-up.
     *
     * @param whyTaken the message of the failure: who may hold it, and how to choose another
     */
    public static int requireFree(int port, Supplier<String> whyTaken) {
        return requireFree(port, InetAddress.getLoopbackAddress(), whyTaken);
    }

    /** Like {@link #requireFree(int, Supplier)}, on the given local address. */
    public static int requireFree(int port, InetAddress address, Supplier<String> whyTaken) {
        if (!isFree(port, address)) {
            throw new DevServiceException(whyTaken.get());
        }
        return port;
    }
}
