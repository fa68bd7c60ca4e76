package io.decidr.platform.temporal;

import io.decidr.devservices.temporal.TemporalCli;
import io.decidr.devservices.temporal.TemporalCliServer;
import io.decidr.workflows.SearchAttributeRegistration;
import io.decidr.workflows.WorkflowSearchAttributes;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real Temporal dev server for a test class's application (the pinned CLI's {@code temporal server start-dev}, with
 * the platform's search attributes, at free loopback ports), and what points the application at it.
 */
public final class DevTemporal {

    private DevTemporal() {
    }

    /** Settings at two free ports (frontend and Web UI), with a data directory of their own. */
    public static TemporalCliServer.Settings settings() throws IOException {
        try (ServerSocket frontend = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ServerSocket ui = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return TemporalCliServer.Settings.of(TemporalCli.pinned(), Files.createTempDirectory("real-temporal"),
                            frontend.getLocalPort(), ui.getLocalPort())
                    .withSearchAttributes(SearchAttributeRegistration.cliDeclarations(WorkflowSearchAttributes.ALL));
        }
    }

    /** A port free on the loopback interface now. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The application's Temporal client and workers on that server instead of the test server. */
    public static void pointAt(DynamicPropertyRegistry registry, TemporalCliServer server) {
        registry.add("spring.temporal.test-server.enabled", () -> "false");
        registry.add("spring.temporal.connection.target", server::target);
        registry.add("spring.temporal.namespace", () -> TemporalCliServer.NAMESPACE);
        registry.add("decidr.temporal.ui-url", server::uiUrl);
    }

    /** The application's workers, before their server stops (they would poll it until the context closes). */
    public static void stopWorkers(ApplicationContext context) throws InterruptedException {
        for (WorkerFactory workers : context.getBeansOfType(WorkerFactory.class).values()) {
            workers.shutdown();
            workers.awaitTermination(30, TimeUnit.SECONDS);
        }
    }
}
