package io.decidr.messaging.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A real HTTP receiver of webhook deliveries on the loopback interface, answering as its current behaviour says:
 * failing, hanging past the sender's timeout or answering slowly on purpose. It keeps every request it got.
 */
public final class Receiver implements AutoCloseable {

    /** A request as it arrived. */
    public record Request(Map<String, String> headers, String body, int status) {

        public String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    /** How to answer: a status after a pause. */
    public record Answer(int status, Duration pause) {

        public static Answer ok() {
            return new Answer(200, Duration.ZERO);
        }

        public static Answer status(int status) {
            return new Answer(status, Duration.ZERO);
        }

        public static Answer after(Duration pause, int status) {
            return new Answer(status, pause);
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Request> requests = new ArrayList<>();
    private volatile Function<String, Answer> behaviour = body -> Answer.ok();

    public Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(threads);
        server.createContext("/hooks", this::handle);
        server.start();
    }

    /** The endpoint's URL. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    /** How to answer from now on, given the request's body. */
    public void answer(Function<String, Answer> how) {
        behaviour = how;
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests answered with a 2xx. */
    public List<Request> accepted() {
        return requests().stream().filter(r -> r.status() / 100 == 2).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Answer answer = behaviour.apply(body);
        Map<String, String> headers = new java.util.HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.getFirst()));
        synchronized (this) {
            requests.add(new Request(Map.copyOf(headers), body, answer.status()));
        }
        try {
            Thread.sleep(answer.pause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            exchange.sendResponseHeaders(answer.status(), -1);
        } catch (IOException e) {
            // the sender gave up waiting (timeout): nothing to answer
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
