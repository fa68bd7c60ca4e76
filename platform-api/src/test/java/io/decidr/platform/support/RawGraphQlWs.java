package io.decidr.platform.support;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * graphql-ws spoken message by message, to see what a client library hides: whether the server acknowledged the
 * connection, and the code it closed it with.
 */
public final class RawGraphQlWs {

    /**
     * What happened on one connection.
     *
     * @param messages what the server sent, as text
     * @param closed   how the server closed the connection; null if it did not within the time given
     * @param closedAt when the close arrived; null if it did not
     */
    public record Outcome(List<String> messages, CloseStatus closed, Instant closedAt) {

        public boolean acknowledged() {
            return messages.stream().anyMatch(message -> message.contains("\"connection_ack\""));
        }
    }

    private RawGraphQlWs() {
    }

    /**
     * Opens a connection, sends {@code connection_init} with the token and, once acknowledged, {@code afterAck};
     * returns when the server closes the connection, or after {@code within} (then this side closes it).
     */
    public static Outcome run(int port, String token, List<String> afterAck, Duration within) {
        List<String> messages = new CopyOnWriteArrayList<>();
        AtomicReference<CloseStatus> closed = new AtomicReference<>();
        AtomicReference<Instant> closedAt = new AtomicReference<>();
        Instant deadline = Instant.now().plus(within);
        String init = "{\"type\":\"connection_init\",\"payload\":{\"Authorization\":\"Bearer " + token + "\"}}";
        new ReactorNettyWebSocketClient().execute(URI.create("ws://localhost:" + port + "/graphql"), new WebSocketHandler() {
                    @Override
                    public List<String> getSubProtocols() {
                        return List.of("graphql-transport-ws");
                    }

                    @Override
                    public Mono<Void> handle(WebSocketSession session) {
                        Sinks.Empty<Void> acknowledged = Sinks.empty();
                        Sinks.Empty<Void> ended = Sinks.empty();
                        Mono<Void> received = session.receive()
                                .map(WebSocketMessage::getPayloadAsText)
                                .doOnNext(message -> {
                                    messages.add(message);
                                    if (message.contains("\"connection_ack\"")) {
                                        acknowledged.tryEmitEmpty();
                                    }
                                })
                                .doFinally(signal -> ended.tryEmitEmpty())
                                .then();
                        Flux<WebSocketMessage> sent = Flux.concat(Mono.just(init),
                                        acknowledged.asMono().thenMany(Flux.fromIterable(afterAck)))
                                .concatWith(Mono.never())
                                .takeUntilOther(ended.asMono())
                                .map(session::textMessage);
                        Mono<Void> closing = session.closeStatus().doOnNext(status -> {
                            closed.set(status);
                            closedAt.set(Instant.now());
                        }).then();
                        return Mono.when(session.send(sent), received, closing);
                    }
                })
                .timeout(within)
                .onErrorResume(TimeoutException.class, timedOut -> Mono.empty())
                .block();
        // a close this side made after the time ran out is not the server's
        Instant at = closedAt.get();
        return at == null || !at.isBefore(deadline) ? new Outcome(List.copyOf(messages), null, null)
                : new Outcome(List.copyOf(messages), closed.get(), at);
    }
}
