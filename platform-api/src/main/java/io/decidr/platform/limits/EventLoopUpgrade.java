package io.decidr.platform.limits;

import io.netty.channel.EventLoop;
import java.util.function.Supplier;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.lang.Nullable;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

/**
 * Upgrades to a WebSocket on the connection's own event loop. Started from another thread (a request that hopped
 * schedulers on its way here), Reactor Netty writes the 101 and binds the WebSocket in two tasks; a frame the client
 * sends right after the 101 (graphql-ws's {@code connection_init}) can then arrive between them and be dropped by the
 * finished HTTP exchange, leaving the connection unanswered until its init timeout. On the event loop both happen in
 * one task, before any later read.
 */
final class EventLoopUpgrade extends ReactorNettyRequestUpgradeStrategy {

    @Override
    public Mono<Void> upgrade(ServerWebExchange exchange, WebSocketHandler handler, @Nullable String subProtocol,
            Supplier<HandshakeInfo> handshakeInfoFactory) {
        Mono<Void> upgrade = Mono.defer(() -> super.upgrade(exchange, handler, subProtocol, handshakeInfoFactory));
        Object response = ServerHttpResponseDecorator.getNativeResponse(exchange.getResponse());
        if (!(response instanceof Connection connection)) {
            return upgrade;
        }
        EventLoop loop = connection.channel().eventLoop();
        return loop.inEventLoop() ? upgrade : upgrade.subscribeOn(Schedulers.fromExecutor(loop));
    }
}
