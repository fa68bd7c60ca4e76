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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A real HTTP receiver of webhook deliveries on the loopback interface, answering as its current behaviour says:
 * failing, hanging past the sender's timeout or answering slowly on purpose. It keeps every request it got.
 */
public final class Receiver implements AutoCloseable {

    /** A request as it arrived, when it arrived and when its answer was complete (nanoTime; 0 while it was not). */
    public record Request(Map<String, String> headers, String body, int status, long arrived, AtomicLong answered) {

        public String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    /**
     * How to answer: a status after a pause; or, when {@code stallBody}, the status and headers at once and then a body
     * that never comes (for the pause).
     */
    public record Answer(int status, Duration pause, boolean stallBody) {

        public static Answer ok() {
            return new Answer(200, Duration.ZERO, false);
        }

        public static Answer status(int status) {
            return new Answer(status, Duration.ZERO, false);
        }

        public static Answer after(Duration pause, int status) {
            return new Answer(status, pause, false);
        }

        /** 200 and its headers at once, then nothing for {@code pause}. */
        public static Answer stallingBody(Duration pause) {
            return new Answer(200, pause, true);
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Request> requests = new ArrayList<>();
    private volatile Function<String, Answer> behaviour = body -> Answer.ok();
    /** Requests being answered, per lane (webhook and aggregate), and the most there ever were at once. */
    private final Map<String, Integer> inFlight = new HashMap<>();
    private int mostInFlightPerLane;

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

    /** The most requests of one lane (webhook and aggregate) ever answered at once: 1 when the lane's order held. */
    public synchronized int mostInFlightPerLane() {
        return mostInFlightPerLane;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Answer answer = behaviour.apply(body);
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.getFirst()));
        String lane = headers.get("decidr-webhook-id") + "|" + aggregateOf(body);
        Request request = new Request(Map.copyOf(headers), body, answer.status(), System.nanoTime(), new AtomicLong());
        synchronized (this) {
            requests.add(request);
            int now = inFlight.merge(lane, 1, Integer::sum);
            mostInFlightPerLane = Math.max(mostInFlightPerLane, now);
        }
        try {
            if (answer.stallBody()) {
                exchange.sendResponseHeaders(answer.status(), 0); // chunked: a body is announced
                exchange.getResponseBody().flush();
            }
            Thread.sleep(answer.pause());
            // done before the answer leaves: the sender may send the lane's next request the moment it has it
            answered(lane, request);
            if (!answer.stallBody()) {
                exchange.sendResponseHeaders(answer.status(), -1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the sender gave up waiting (timeout): nothing to answer
        } finally {
            answered(lane, request);
            exchange.close();
        }
    }

    private synchronized void answered(String lane, Request request) {
        if (request.answered().compareAndSet(0, System.nanoTime())) {
            inFlight.merge(lane, -1, Integer::sum);
        }
    }

    private static String aggregateOf(String body) {
        int at = body.indexOf("\"aggregateId\":\"");
        if (at < 0) {
            return "";
        }
        int from = at + "\"aggregateId\":\"".length();
        return body.substring(from, body.indexOf('"', from));
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
