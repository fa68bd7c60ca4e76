package io.decidr.platform.abuse;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What came back for one HTTP request: the status, headers and (at most the first megabyte of) the body, how long
 * it took, or why no answer came.
 *
 * @param status    the HTTP status; 0 when there was no answer
 * @param failure   why there was no answer (timeout, connection reset), else null
 * @param truncated the body was cut at the size or time cap (an event stream that stays open)
 */
record Exchange(int status, Map<String, List<String>> headers, byte[] body, long millis, String failure, boolean truncated) {

    static Exchange noAnswer(long millis, String failure) {
        return new Exchange(0, Map.of(), new byte[0], millis, failure, false);
    }

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    Optional<String> header(String name) {
        return headers.entrySet().stream()
                .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                .flatMap(entry -> entry.getValue().stream())
                .findFirst();
    }

    String contentType() {
        return header("content-type").orElse("");
    }
}
