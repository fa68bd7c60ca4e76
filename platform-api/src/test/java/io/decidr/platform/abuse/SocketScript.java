package io.decidr.platform.abuse;

import java.util.List;

/**
 * One graphql-ws conversation: the handshake's {@code Authorization} headers, the {@code connection_init} frame
 * (null: none is sent), and the frames sent once the server acknowledged it (or at once when there is no init).
 *
 * @param unauthorized the credentials are not valid: the server must not acknowledge them nor answer data
 */
record SocketScript(String target, String how, List<String> handshakeAuthorizations, String init, List<String> frames,
        boolean unauthorized) {

    String label() {
        return target + " · " + how + " (graphql-ws)";
    }

    String excerpt() {
        return "graphql-ws" + (handshakeAuthorizations.isEmpty() ? "" : " [handshake Authorization: "
                + Texts.cut(String.join(" | ", handshakeAuthorizations), 40) + "]")
                + (init == null ? " (no connection_init)" : " init " + Texts.cut(init, 120))
                + " then " + Texts.cut(String.join(" ", frames), 300);
    }
}
