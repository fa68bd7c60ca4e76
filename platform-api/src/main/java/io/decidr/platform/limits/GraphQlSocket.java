package io.decidr.platform.limits;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.graphql.server.WebSocketSessionInfo;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Mono;

/**
 * What the server keeps per graphql-ws connection: the session (so the connection can be closed with a code of
 * our choosing, which {@link WebSocketSessionInfo} cannot do), the tenant it was admitted for, its live
 * subscriptions, and what to undo when it ends. Found through the session's attributes.
 */
public final class GraphQlSocket {

    private static final String ATTRIBUTE = GraphQlSocket.class.getName();

    private final WebSocketSession session;
    private final AtomicInteger subscriptions = new AtomicInteger();
    private volatile String tenant;
    /** Guarded by {@code this}; one connection's own lock, held for a list operation. */
    private final List<Runnable> onEnd = new ArrayList<>();
    private boolean ended;

    private GraphQlSocket(WebSocketSession session) {
        this.session = session;
    }

    /** Keeps a new one in the session's attributes. */
    static GraphQlSocket attachTo(WebSocketSession session) {
        GraphQlSocket socket = new GraphQlSocket(session);
        session.getAttributes().put(ATTRIBUTE, socket);
        return socket;
    }

    /** The connection behind a graphql-ws session, when {@link GraphQlSocketHandler} serves it. */
    public static Optional<GraphQlSocket> of(WebSocketSessionInfo session) {
        return Optional.ofNullable((GraphQlSocket) session.getAttributes().get(ATTRIBUTE));
    }

    /** Closes the connection with {@code status}; the first close wins, later ones do nothing. */
    public Mono<Void> close(CloseStatus status) {
        return session.close(status);
    }

    /** The tenant the connection was admitted for; null before {@code connection_init} succeeded. */
    public String tenant() {
        return tenant;
    }

    void admittedFor(String tenant) {
        this.tenant = tenant;
    }

    /** Counts a subscription in, unless {@code max} are live already. */
    boolean startSubscription(int max) {
        if (subscriptions.incrementAndGet() > max) {
            subscriptions.decrementAndGet();
            return false;
        }
        return true;
    }

    void endSubscription() {
        subscriptions.decrementAndGet();
    }

    /** Runs {@code action} once the connection ends (at once if it has ended already). */
    void whenEnded(Runnable action) {
        synchronized (this) {
            if (!ended) {
                onEnd.add(action);
                return;
            }
        }
        action.run();
    }

    /** The connection is gone: undo what was counted for it. */
    void ended() {
        List<Runnable> actions;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            actions = List.copyOf(onEnd);
            onEnd.clear();
        }
        actions.forEach(Runnable::run);
    }
}
