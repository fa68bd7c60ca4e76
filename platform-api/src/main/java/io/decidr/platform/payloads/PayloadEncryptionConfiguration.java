package io.decidr.platform.payloads;

import io.decidr.workflows.payloads.EncryptedPayloads;
import io.decidr.workflows.payloads.PayloadKeys;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With {@code decidr.temporal.encryption.enabled}, the Temporal starter's client and workers use a data converter
 * that encrypts every payload ({@link EncryptedPayloads}; failures' messages and stack traces too), and the codec
 * endpoint ({@link CodecEndpoint}) lets operators' Temporal UI show them in clear.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PayloadEncryptionProperties.class)
@ConditionalOnProperty(name = "decidr.temporal.encryption.enabled", havingValue = "true", matchIfMissing = true)
public class PayloadEncryptionConfiguration {

    @Bean
    EncryptedPayloads encryptedPayloads(PayloadEncryptionProperties encryption) {
        if (encryption.keys().isEmpty()) {
            throw new IllegalStateException("Temporal payloads are encrypted unless switched off: give the keys"
                    + " (decidr.temporal.encryption.keys.<id>, Base64 AES, and decidr.temporal.encryption.active-key),"
                    + " or set decidr.temporal.encryption.enabled=false");
        }
        return new EncryptedPayloads(new PayloadKeys(encryption.keys(), encryption.activeKey()));
    }

    /** The name the starter looks for: its client, workers and schedules use it. */
    @Bean
    DataConverter mainDataConverter(EncryptedPayloads payloads) {
        return new CodecDataConverter(DefaultDataConverter.STANDARD_INSTANCE, List.of(payloads), true);
    }
}
