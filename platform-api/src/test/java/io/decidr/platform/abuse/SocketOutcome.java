package io.decidr.platform.abuse;

import java.util.List;

/**
 * What a graphql-ws conversation brought: the frames received, the close status, and whether the server
 * acknowledged the connection.
 *
 * @param closeCode the WebSocket close code, or null while still open when the conversation ended
 * @param failure   why the connection could not be had (e.g. the handshake was refused), else null
 */
record SocketOutcome(List<String> received, Integer closeCode, String closeReason, boolean acked, String failure) {

    String excerpt() {
        return (failure == null ? "" : "failed: " + failure + "; ")
                + (closeCode == null ? "" : "closed " + closeCode + " '" + closeReason + "'; ")
                + "received " + Texts.cut(String.join(" ", received), 400);
    }
}
