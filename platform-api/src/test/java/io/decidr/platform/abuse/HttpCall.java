package io.decidr.platform.abuse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One raw HTTP request: any method, path (with query string), headers and body bytes, so a body may be invalid
 * JSON, invalid UTF-8 or larger than any limit.
 *
 * @param headers      name and value pairs, in order (a name may repeat)
 * @param unauthorized the credentials are not valid: the answer must carry no data
 */
record HttpCall(String method, String path, List<String[]> headers, byte[] body, boolean unauthorized) {

    /** A POST as GraphQL clients send it; {@code contentType} null sends none. */
    static HttpCall post(String path, String contentType, byte[] body, List<String> authorizations, boolean unauthorized) {
        List<String[]> headers = new ArrayList<>();
        if (contentType != null) {
            headers.add(new String[] {"Content-Type", contentType});
        }
        headers.add(new String[] {"Accept", "application/graphql-response+json, application/json"});
        authorizations.forEach(value -> headers.add(new String[] {"Authorization", value}));
        return new HttpCall("POST", path, List.copyOf(headers), body, unauthorized);
    }

    static HttpCall get(String pathAndQuery, List<String> authorizations) {
        List<String[]> headers = new ArrayList<>();
        headers.add(new String[] {"Accept", "application/graphql-response+json, application/json"});
        authorizations.forEach(value -> headers.add(new String[] {"Authorization", value}));
        return new HttpCall("GET", pathAndQuery, List.copyOf(headers), new byte[0], false);
    }

    /** The same request with the header set to {@code value} (null: without it). */
    HttpCall with(String name, String value) {
        List<String[]> changed = new ArrayList<>(headers.stream().filter(h -> !h[0].equalsIgnoreCase(name)).toList());
        if (value != null) {
            changed.add(new String[] {name, value});
        }
        return new HttpCall(method, path, List.copyOf(changed), body, unauthorized);
    }

    /** The start of the request, for reports: method, path, headers (credentials shortened), body excerpt. */
    String excerpt() {
        StringBuilder text = new StringBuilder(method).append(' ').append(Texts.cut(path, 200));
        for (String[] header : headers) {
            if (header[0].equalsIgnoreCase("Authorization")) {
                text.append(" [Authorization: ").append(Texts.cut(header[1], 40)).append(']');
            } else if (!header[1].equals("application/graphql-response+json, application/json")) {
                text.append(" [").append(header[0]).append(": ").append(Texts.cut(header[1], 80)).append(']');
            }
        }
        if (body.length > 0) {
            text.append(" body(").append(body.length).append(" bytes): ")
                    .append(Texts.cut(new String(body, StandardCharsets.UTF_8), 300));
        }
        return text.toString();
    }
}
