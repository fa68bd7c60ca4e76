package io.decidr.platform.personal;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code decidr.personal-data.*}: the master keys that wrap the data subjects' keys.
 *
 * @param masterKeys      id to a 256-bit AES key (Base64); keep an old id configured while keys it wrapped exist
 * @param activeMasterKey the id new data keys are wrapped with
 * @param keyCache        how long a process reads with an unwrapped data key kept in memory: an erasure made by
 *                        another process is seen here within this time (this process's own erasures at once). Sealing
 *                        new values and projecting may use a kept key for up to 10 minutes (an erased subject takes no
 *                        new value; projectors meet the erasure as an event after the values it erases)
 */
@ConfigurationProperties("decidr.personal-data")
public record PersonalDataProperties(
        @DefaultValue Map<String, String> masterKeys,
        @DefaultValue("") String activeMasterKey,
        @DefaultValue("2s") Duration keyCache) {

    /** Whether master keys are configured: without them no personal value can be written. */
    public boolean configured() {
        return !masterKeys.isEmpty();
    }
}
