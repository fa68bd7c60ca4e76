package io.decidr.devserver;

import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Temporal's Java test server on one address only: {@code io.temporal.testserver.TestServer <port>} listens on every
 * interface, which on a shared network hands anyone the dev server's workflows. Arguments: {@code <address> <port>}
 * (the port last: the launcher recognises its servers by it). Stops on SIGTERM.
 */
public final class LoopbackTestServer {

    private LoopbackTestServer() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: LoopbackTestServer <address> <port>");
            System.exit(2);
        }
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(args[0]), Integer.parseInt(args[1]));
        // time skipping locked (off), as the stock main does without --enable-time-skipping: timers take real time
        TestServicesStarter services = new TestServicesStarter(true, 0);
        ServerBuilder<?> builder = NettyServerBuilder.forAddress(address);
        GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
        Server server = builder.build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            services.close();
        }, "test-server-stop"));
        System.err.println("Temporal test server listening on " + address);
        server.awaitTermination();
    }
}
