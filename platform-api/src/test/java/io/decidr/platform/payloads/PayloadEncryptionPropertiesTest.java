package io.decidr.platform.payloads;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.workflows.payloads.EncryptedPayloads;
import io.decidr.workflows.payloads.PayloadKeys;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The chart's environment variables bind to the settings the codec is built from (key ids from the Secret's
 * entries).
 */
class PayloadEncryptionPropertiesTest {

    @Test
    void the_charts_environment_binds_to_a_working_key_ring() {
        StandardEnvironment environment = new StandardEnvironment();
        MutablePropertySources sources = environment.getPropertySources();
        // named as the process environment is, so Spring maps DECIDR_X_Y names the same way
        String name = "chart-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;
        sources.addFirst(new SystemEnvironmentPropertySource(name, Map.of(
                "DECIDR_TEMPORAL_ENCRYPTION_ENABLED", "true",
                "DECIDR_TEMPORAL_ENCRYPTION_ACTIVE_KEY", "k2026",
                "DECIDR_TEMPORAL_ENCRYPTION_KEYS_K2025", "MDEyMzQ1Njc4OWFiY2RlZg==",
                "DECIDR_TEMPORAL_ENCRYPTION_KEYS_K2026", "ZmVkY2JhOTg3NjU0MzIxMA==",
                "DECIDR_TEMPORAL_ENCRYPTION_UI_ORIGINS", "https://temporal.example.com,https://ops.example.com")));
        PayloadEncryptionProperties bound = new Binder(ConfigurationPropertySources.get(environment))
                .bind("decidr.temporal.encryption", PayloadEncryptionProperties.class).get();

        assertThat(bound.enabled()).isTrue();
        assertThat(bound.keys()).containsOnlyKeys("k2025", "k2026");
        assertThat(bound.uiOrigins()).containsExactly("https://temporal.example.com", "https://ops.example.com");
        PayloadKeys keys = new PayloadKeys(bound.keys(), bound.activeKey());
        assertThat(new EncryptedPayloads(keys)).isNotNull();
        assertThat(keys.toString()).contains("active=k2026");
    }

    @Test
    void payloads_are_encrypted_unless_switched_off_and_without_keys_the_application_says_what_to_give() {
        PayloadEncryptionProperties defaults = new Binder(ConfigurationPropertySources.get(new StandardEnvironment()))
                .bindOrCreate("decidr.temporal.encryption", PayloadEncryptionProperties.class);
        assertThat(defaults.enabled()).isTrue();
        assertThat(defaults.codecWithoutToken()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PayloadEncryptionConfiguration().encryptedPayloads(defaults))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("decidr.temporal.encryption.keys.<id>")
                .hasMessageContaining("decidr.temporal.encryption.enabled=false");
    }
}
