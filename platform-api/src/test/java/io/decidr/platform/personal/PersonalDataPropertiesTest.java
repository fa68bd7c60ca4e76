package io.decidr.platform.personal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The chart's environment variables bind to the master keys (ids from the Secret's entries). */
class PersonalDataPropertiesTest {

    @Test
    void the_charts_environment_binds_to_the_master_keys() {
        StandardEnvironment environment = new StandardEnvironment();
        MutablePropertySources sources = environment.getPropertySources();
        String name = "chart-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;
        sources.addFirst(new SystemEnvironmentPropertySource(name, Map.of(
                "DECIDR_PERSONALDATA_ACTIVEMASTERKEY", "m2026",
                "DECIDR_PERSONALDATA_KEYCACHE", "5s",
                "DECIDR_PERSONALDATA_MASTERKEYS_M2025", "c3VpdGUtcGVyc29uYWwtbWFzdGVyLWtleS0zMi1ieSE=",
                "DECIDR_PERSONALDATA_MASTERKEYS_M2026", "ZGV2LW9ubHktbWFzdGVyLWtleS1uZXZlci1pbi1wciE=")));
        PersonalDataProperties bound = new Binder(ConfigurationPropertySources.get(environment))
                .bind("decidr.personal-data", PersonalDataProperties.class).get();

        assertThat(bound.masterKeys()).containsOnlyKeys("m2025", "m2026");
        assertThat(bound.activeMasterKey()).isEqualTo("m2026");
        assertThat(bound.keyCache()).isEqualTo(Duration.ofSeconds(5));
        assertThat(bound.configured()).isTrue();
    }
}
