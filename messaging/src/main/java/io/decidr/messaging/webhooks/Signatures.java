package io.decidr.messaging.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How deliveries are signed, so a receiver knows a request comes from the platform and was not replayed later:
 * {@code Decidr-Signature: v1=<hex HMAC-SHA256 of "<timestamp>.<body>" keyed with the secret>}, the timestamp (Unix
 * seconds) in {@code Decidr-Timestamp}. While a rotated secret is still honoured, the header carries one {@code v1=}
 * per secret, comma-separated: a receiver accepts the request when any matches.
 */
public final class Signatures {

    public static final String TIMESTAMP_HEADER = "Decidr-Timestamp";
    public static final String SIGNATURE_HEADER = "Decidr-Signature";
    public static final String EVENT_ID_HEADER = "Decidr-Event-Id";
    public static final String EVENT_TYPE_HEADER = "Decidr-Event-Type";
    public static final String WEBHOOK_ID_HEADER = "Decidr-Webhook-Id";
    public static final String DELIVERY_ID_HEADER = "Decidr-Delivery-Id";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PREFIX = "whsec_";

    private Signatures() {
    }

    /** A new secret: 32 random bytes, URL-safe Base64, prefixed so it is recognised when it leaks into a log. */
    public static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }

    /** The signature of a body sent at {@code timestamp} (Unix seconds), hex. The key is the secret's UTF-8 bytes. */
    public static String sign(String secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** The {@value #SIGNATURE_HEADER} value: {@code v1=} per secret (the previous one may be null). */
    public static String header(String secret, String previous, long timestamp, String body) {
        String current = "v1=" + sign(secret, timestamp, body);
        return previous == null ? current : current + ",v1=" + sign(previous, timestamp, body);
    }
}
