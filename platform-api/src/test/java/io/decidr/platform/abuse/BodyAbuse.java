package io.decidr.platform.abuse;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hostile requests below GraphQL: broken and wrongly shaped JSON, invalid UTF-8, empty and oversized bodies, odd
 * content types and charsets, GET requests. Each carries a valid token, so only the body is at fault.
 */
final class BodyAbuse {

    private static final String ME = "{ me { user } }";
    private static final int MIB = 1 << 20;

    private final List<String> authorization;
    private final List<AbuseCase> cases = new ArrayList<>();

    BodyAbuse(String authorization) {
        this.authorization = List.of(authorization);
    }

    List<AbuseCase> cases() {
        brokenJson();
        wrongShapes();
        badEncodings();
        sizes();
        contentTypes();
        getRequests();
        return cases;
    }

    private void brokenJson() {
        json("truncated JSON", "{\"query\": \"" + ME + "\"");
        json("unquoted keys", "{query: \"" + ME + "\"}");
        json("single quotes", "{'query': '" + ME + "'}");
        json("trailing garbage", "{\"query\": \"" + ME + "\"} xyz");
        json("two JSON documents", "{\"query\": \"" + ME + "\"}{\"query\": \"" + ME + "\"}");
        json("raw control character in a string", "{\"query\": \"{ me\u0001 { user } }\"}");
        json("invalid escape", "{\"query\": \"{ me { user } } \\x41\"}");
        json("lone surrogate escape", "{\"query\": \"{ me { user } } # \\uD800\"}");
        json("comments in JSON", "/* hi */ {\"query\": \"" + ME + "\"}");
        json("NaN in JSON", "{\"query\": \"" + ME + "\", \"variables\": {\"v\": NaN}}");
        json("empty body", "");
        json("whitespace body", "   \n\t ");
    }

    private void wrongShapes() {
        json("JSON null", "null");
        json("empty JSON array", "[]");
        json("JSON string", "\"" + ME + "\"");
        json("JSON number", "5");
        json("empty JSON object", "{}");
        json("query a number", "{\"query\": 5}");
        json("query null", "{\"query\": null}");
        json("query true", "{\"query\": true}");
        json("query a list", "{\"query\": [\"" + ME + "\"]}");
        json("query an object", "{\"query\": {\"a\": 1}}");
        json("variables a string", "{\"query\": \"" + ME + "\", \"variables\": \"x\"}");
        json("variables a list", "{\"query\": \"" + ME + "\", \"variables\": [1, 2]}");
        json("variables a number", "{\"query\": \"" + ME + "\", \"variables\": 5}");
        json("operationName a number", "{\"query\": \"" + ME + "\", \"operationName\": 5}");
        json("operationName unknown", "{\"query\": \"query A " + ME + "\", \"operationName\": \"B\"}");
        json("two operations, no operationName", "{\"query\": \"query A " + ME + " query B " + ME + "\"}");
        json("extensions a string", "{\"query\": \"" + ME + "\", \"extensions\": \"x\"}");
        json("persisted query extension", "{\"extensions\": {\"persistedQuery\": {\"version\": 1, \"sha256Hash\": \"abc\"}}}");
        json("duplicate query key", "{\"query\": \"{ nope }\", \"query\": \"" + ME + "\"}");
        json("unknown top-level keys", "{\"query\": \"" + ME + "\", \"bogus\": [1, {\"a\": null}]}");
        json("variables nested 100k deep", "{\"query\": \"" + ME + "\", \"variables\": {\"v\": "
                + "[".repeat(100_000) + "]".repeat(100_000) + "}}");
        json("extensions nested 100k deep", "{\"query\": \"" + ME + "\", \"extensions\": {\"v\": "
                + "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000) + "}}");
        json("a 900k-digit number", "{\"query\": \"" + ME + "\", \"variables\": {\"v\": " + "9".repeat(900_000) + "}}");
        json("number 1e999999999", "{\"query\": \"" + ME + "\", \"variables\": {\"v\": 1e999999999}}");
        StringBuilder keys = new StringBuilder("{\"query\": \"" + ME + "\", \"variables\": {");
        for (int i = 0; i < 50_000; i++) {
            keys.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        json("50k variables", keys.append("}}").toString());
        json("a 900k-char key", "{\"query\": \"" + ME + "\", \"variables\": {\"" + "k".repeat(900_000) + "\": 1}}");
    }

    private void badEncodings() {
        byte[] prefix = ("{\"query\": \"" + ME + " # ").getBytes(StandardCharsets.UTF_8);
        byte[] suffix = "\"}".getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> invalid = new LinkedHashMap<>();
        invalid.put("invalid UTF-8 continuation", new byte[] {(byte) 0xC3, 0x28});
        invalid.put("bytes FF FE", new byte[] {(byte) 0xFF, (byte) 0xFE});
        invalid.put("overlong slash", new byte[] {(byte) 0xC0, (byte) 0xAF});
        invalid.put("UTF-8 encoded surrogate", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
        invalid.put("code point above U+10FFFF", new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80});
        invalid.put("truncated multi-byte", new byte[] {(byte) 0xE2, (byte) 0x82});
        invalid.put("NUL byte in a string", new byte[] {0});
        invalid.forEach((how, bytes) -> raw(how, "application/json", concat(prefix, bytes, suffix)));
        raw("truncated multi-byte at the very end", "application/json",
                concat(("{\"query\": \"" + ME + "\"}").getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xE2}));
        raw("byte order mark", "application/json", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                ("{\"query\": \"" + ME + "\"}").getBytes(StandardCharsets.UTF_8)));
        raw("UTF-16 body declared UTF-16", "application/json; charset=UTF-16",
                ("{\"query\": \"" + ME + "\"}").getBytes(StandardCharsets.UTF_16));
        raw("UTF-16 body declared UTF-8", "application/json",
                ("{\"query\": \"" + ME + "\"}").getBytes(StandardCharsets.UTF_16LE));
        raw("Latin-1 body declared Latin-1", "application/json; charset=ISO-8859-1",
                ("{\"query\": \"" + ME + " # caf\u00e9\"}").getBytes(StandardCharsets.ISO_8859_1));
        raw("unknown charset", "application/json; charset=ebcdic-nope", body(ME));
        raw("UTF-32 declared", "application/json; charset=UTF-32", ("{\"query\": \"" + ME + "\"}")
                .getBytes(Charset.forName("UTF-32")));
    }

    private void sizes() {
        raw("2 MiB JSON (a huge variable)", "application/json", padded(2 * MIB));
        raw("20 MiB JSON (a huge variable)", "application/json", padded(20 * MIB));
        byte[] junk = new byte[2 * MIB];
        Arrays.fill(junk, (byte) 'x');
        raw("2 MiB of junk", "application/json", junk);
        byte[] brackets = new byte[2 * MIB];
        Arrays.fill(brackets, (byte) '[');
        raw("2 MiB of [", "application/json", brackets);
        raw("1 MiB minus a little (just under the codec limit)", "application/json", padded(MIB - 1_000));
    }

    private void contentTypes() {
        raw("text/plain JSON", "text/plain", body(ME));
        raw("form-urlencoded", "application/x-www-form-urlencoded",
                ("query=" + URLEncoder.encode(ME, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        String boundary = "abuse-boundary";
        raw("multipart form", "multipart/form-data; boundary=" + boundary, ("--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"operations\"\r\n\r\n{\"query\": \"" + ME + "\"}\r\n--"
                + boundary + "\r\nContent-Disposition: form-data; name=\"map\"\r\n\r\n{}\r\n--" + boundary + "--\r\n")
                .getBytes(StandardCharsets.UTF_8));
        raw("multipart without a boundary", "multipart/form-data", body(ME));
        raw("application/graphql", "application/graphql", ME.getBytes(StandardCharsets.UTF_8));
        raw("application/xml", "application/xml", "<query>{ me { user } }</query>".getBytes(StandardCharsets.UTF_8));
        raw("no content type", null, body(ME));
        raw("malformed content type", "!!!/;;", body(ME));
        raw("content type with a bad parameter", "application/json; charset", body(ME));
        cases.add(new AbuseCase("body", "Accept: text/html",
                HttpCall.post("/graphql", "application/json", body(ME), authorization, false).with("Accept", "text/html")));
        cases.add(new AbuseCase("body", "Accept: application/xml",
                HttpCall.post("/graphql", "application/json", body(ME), authorization, false).with("Accept", "application/xml")));
        cases.add(new AbuseCase("body", "malformed Accept",
                HttpCall.post("/graphql", "application/json", body(ME), authorization, false).with("Accept", "!!!")));
    }

    private void getRequests() {
        get("GET with a query", "/graphql?query=" + encode(ME));
        get("GET without parameters", "/graphql");
        get("GET with bad variables", "/graphql?query=" + encode("query($n: Int) { me { user } }") + "&variables=" + encode("{bad"));
        get("GET with a mutation", "/graphql?query=" + encode("mutation { createCollection(name: \"via GET\") { id } }"));
        get("GET with an invalid percent escape", "/graphql?query=%E0%A4%A");
        get("GET with repeated query parameters", "/graphql?query=" + encode(ME) + "&query=" + encode("{ tenant { id } }"));
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private void json(String how, String text) {
        raw(how, "application/json", text.getBytes(StandardCharsets.UTF_8));
    }

    private void raw(String how, String contentType, byte[] body) {
        cases.add(new AbuseCase("body", how, HttpCall.post("/graphql", contentType, body, authorization, false)));
    }

    private void get(String how, String pathAndQuery) {
        cases.add(new AbuseCase("body", how, HttpCall.get(pathAndQuery, authorization)));
    }

    private static byte[] body(String document) {
        return JsonBodies.bytes(JsonBodies.operation(document, Map.of()));
    }

    /** A valid operation whose variables carry a string that makes the body {@code size} bytes. */
    private static byte[] padded(int size) {
        String head = "{\"query\": \"query($v: String) { me { user } }\", \"variables\": {\"v\": \"";
        String tail = "\"}}";
        return (head + "p".repeat(Math.max(0, size - head.length() - tail.length())) + tail).getBytes(StandardCharsets.UTF_8);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
