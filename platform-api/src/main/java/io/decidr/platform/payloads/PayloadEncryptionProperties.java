package io.decidr.platform.payloads;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code decidr.temporal.encryption.*}: Temporal payloads encrypted before they leave the process.
 *
 * @param enabled   encrypt (on unless switched off; every process of a deployment alike: a process without the keys
 *                  cannot read what the others wrote)
 * @param activeKey the id of the key that encrypts
 * @param keys      key id to an AES key (16, 24 or 32 bytes, Base64); old ids stay until no history needs them
 * @param uiOrigins the origins of the Temporal UI allowed to call the codec endpoint from the browser (CORS)
 * @param codecWithoutToken the codec endpoint answers without a bearer token: the dev profile's (loopback only), whose
 *                  Temporal UI signs nobody in and so has no token to pass
 */
@ConfigurationProperties("decidr.temporal.encryption")
public record PayloadEncryptionProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("") String activeKey,
        @DefaultValue Map<String, String> keys,
        @DefaultValue("http://localhost:8233") List<String> uiOrigins,
        @DefaultValue("false") boolean codecWithoutToken) {
}
