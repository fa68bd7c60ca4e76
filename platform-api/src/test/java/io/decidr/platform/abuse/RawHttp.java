package io.decidr.platform.abuse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends {@link HttpCall}s byte for byte with the JDK's client (HTTP/1.1), on the calling thread: any method,
 * content type and body. Every call is bounded: no answer within {@code timeout} is reported as such, and a body is
 * read for at most {@code timeout} and {@value #MAX_BODY} bytes (an event stream that stays open is cut there).
 */
final class RawHttp implements AutoCloseable {

    private static final int MAX_BODY = 1 << 20;

    /**
     * The failure of an event stream that sent nothing, not even its headers, within the window: a subscription
     * with nothing to tell yet (the server sends headers with the first event). Not a failure of the server.
     */
    static final String SILENT_STREAM = "an event stream with nothing sent yet";

    private final String baseUrl;
    private final Duration timeout;
    private final HttpClient client;
    private final ScheduledExecutorService closer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "abuse-body-deadline");
        thread.setDaemon(true);
        return thread;
    });

    RawHttp(int port, Duration timeout) {
        this.baseUrl = "http://localhost:" + port;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** Sends the call; an event stream is read for {@code streamWindow} at most. */
    Exchange send(HttpCall call, Duration streamWindow) {
        URI uri;
        try {
            uri = URI.create(baseUrl + call.path());
        } catch (IllegalArgumentException notAUri) {
            // a target the JDK refuses to build (a cut percent escape, say) still goes out, over a plain socket
            return sendOverSocket(call);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .method(call.method(), call.body().length == 0 && !call.method().equals("POST")
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(call.body()));
        for (String[] header : call.headers()) {
            request.header(header[0], header[1]);
        }
        long start = System.nanoTime();
        CompletableFuture<HttpResponse<InputStream>> pending =
                client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        boolean streaming = call.headers().stream()
                .anyMatch(h -> h[0].equalsIgnoreCase("Accept") && h[1].startsWith("text/event-stream"));
        HttpResponse<InputStream> response;
        try {
            response = pending.get(streaming ? streamWindow.toMillis() : timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            return Exchange.noAnswer(millisSince(start), streaming ? SILENT_STREAM
                    : "no response within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            return Exchange.noAnswer(millisSince(start), describe(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Exchange.noAnswer(millisSince(start), "interrupted");
        }
        boolean stream = response.headers().firstValue("content-type").orElse("").startsWith("text/event-stream");
        Duration window = stream ? streamWindow : timeout;
        Body body = read(response.body(), window);
        return new Exchange(response.statusCode(), response.headers().map(), body.bytes(), millisSince(start),
                body.failure(), body.truncated());
    }

    private record Body(byte[] bytes, boolean truncated, String failure) {
    }

    /**
     * Sends the call as written over a socket of its own ({@code Connection: close}) and reads the answer until the
     * server closes: for targets no URI class accepts. Understands a length or chunks; an event stream is not expected.
     */
    private Exchange sendOverSocket(HttpCall call) {
        long start = System.nanoTime();
        URI base = URI.create(baseUrl);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout((int) timeout.toMillis());
            StringBuilder head = new StringBuilder(call.method()).append(' ').append(call.path()).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n")
                    .append("Connection: close\r\n");
            for (String[] header : call.headers()) {
                head.append(header[0]).append(": ").append(header[1]).append("\r\n");
            }
            head.append("Content-Length: ").append(call.body().length).append("\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(call.body());
            out.flush();
            byte[] answer = socket.getInputStream().readNBytes(MAX_BODY + 65_536);
            int end = indexOf(answer, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            if (end < 0) {
                return Exchange.noAnswer(millisSince(start), "no complete answer over the socket");
            }
            String[] lines = new String(answer, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.computeIfAbsent(lines[i].substring(0, colon).strip(), name -> new ArrayList<>())
                            .add(lines[i].substring(colon + 1).strip());
                }
            }
            byte[] body = Arrays.copyOfRange(answer, end + 4, answer.length);
            if (headers.getOrDefault("Transfer-Encoding", List.of()).contains("chunked")) {
                body = unchunked(body);
            }
            return new Exchange(status, headers, body, millisSince(start), null, false);
        } catch (IOException | RuntimeException e) {
            return Exchange.noAnswer(millisSince(start), describe(e));
        }
    }

    private static byte[] unchunked(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = indexOf(Arrays.copyOfRange(chunked, at, chunked.length), "\r\n".getBytes(StandardCharsets.ISO_8859_1));
            if (lineEnd < 0) {
                break;
            }
            int size = Integer.parseInt(new String(chunked, at, lineEnd, StandardCharsets.ISO_8859_1).split(";")[0].strip(), 16);
            if (size == 0) {
                break;
            }
            at += lineEnd + 2;
            out.write(chunked, at, Math.min(size, chunked.length - at));
            at += size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] bytes, byte[] wanted) {
        outer:
        for (int i = 0; i + wanted.length <= bytes.length; i++) {
            for (int j = 0; j < wanted.length; j++) {
                if (bytes[i + j] != wanted[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Reads up to {@value #MAX_BODY} bytes; at the deadline the stream is closed, which ends a blocked read. */
    private Body read(InputStream in, Duration window) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        var deadline = closer.schedule(() -> closeQuietly(in), window.toMillis(), TimeUnit.MILLISECONDS);
        byte[] buffer = new byte[16_384];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                bytes.write(buffer, 0, Math.min(n, Math.max(0, MAX_BODY - bytes.size())));
                if (bytes.size() >= MAX_BODY) {
                    return new Body(bytes.toByteArray(), true, null);
                }
            }
            return new Body(bytes.toByteArray(), false, null);
        } catch (IOException e) {
            boolean cut = deadline.isDone();
            return new Body(bytes.toByteArray(), cut, cut ? null : "body cut off: " + describe(e));
        } finally {
            deadline.cancel(false);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing is how the deadline ends the read; a failure to close changes nothing
        }
    }

    private static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Override
    public void close() {
        closer.shutdownNow();
        client.close();
    }
}
