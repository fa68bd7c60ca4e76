package io.decidr.platform.abuse;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Plays a {@link SocketScript} over a raw WebSocket at {@code /graphql}: frames go out as written (however
 * malformed), and everything the server sends back within the window is kept. Ends early once the server
 * closes, or once every subscribe of the script has had its error or complete.
 */
final class RawSocket {

    private final URI uri;
    private final Duration window;
    private final ReactorNettyWebSocketClient client = new ReactorNettyWebSocketClient();

    RawSocket(int port, Duration window) {
        this.uri = URI.create("ws://127.0.0.1:" + port + "/graphql");
        this.window = window;
    }

    SocketOutcome play(SocketScript script) {
        List<String> received = new CopyOnWriteArrayList<>();
        AtomicReference<CloseStatus> closed = new AtomicReference<>();
        AtomicBoolean acked = new AtomicBoolean();
        HttpHeaders headers = new HttpHeaders();
        script.handshakeAuthorizations().forEach(value -> headers.add("Authorization", value));
        long subscribes = script.frames().stream().filter(frame -> frame.contains("\"subscribe\"")).count();
        String failure = null;
        WebSocketHandler handler = new WebSocketHandler() {
            @Override
            public List<String> getSubProtocols() {
                return List.of("graphql-transport-ws");
            }

            @Override
            public Mono<Void> handle(WebSocketSession session) {
                Sinks.Many<String> out = Sinks.many().unicast().onBackpressureBuffer();
                session.closeStatus().subscribe(closed::set);
                if (script.init() != null) {
                    out.tryEmitNext(script.init());
                } else {
                    script.frames().forEach(out::tryEmitNext);
                }
                Mono<Void> send = session.send(out.asFlux().map(session::textMessage)).onErrorResume(e -> Mono.empty());
                Mono<Void> receive = session.receive()
                        .map(WebSocketMessage::getPayloadAsText)
                        .doOnNext(text -> {
                            received.add(text);
                            if (script.init() != null && text.contains("\"connection_ack\"") && acked.compareAndSet(false, true)) {
                                script.frames().forEach(out::tryEmitNext);
                            }
                        })
                        .takeUntil(text -> subscribes > 0 && answered(received) >= subscribes)
                        .take(window)
                        // ending the handler closes the connection (calling close() on one the server closed can hang)
                        .doFinally(signal -> out.tryEmitComplete())
                        .then();
                return Mono.when(send, receive);
            }
        };
        try {
            client.execute(uri, headers, handler).timeout(window.plusSeconds(5)).block(window.plusSeconds(10));
        } catch (RuntimeException e) {
            failure = describe(e);
        }
        CloseStatus status = closed.get();
        return new SocketOutcome(List.copyOf(received), status == null ? null : status.getCode(),
                status == null ? null : status.getReason(), acked.get(), failure);
    }

    /** How many operations the server has ended: an error or a complete each. */
    private static long answered(List<String> received) {
        return received.stream().filter(text -> text.contains("\"type\":\"error\"") || text.contains("\"type\":\"complete\""))
                .count();
    }

    private static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + Texts.cut(String.valueOf(root.getMessage()), 200);
    }
}
