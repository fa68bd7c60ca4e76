package io.decidr.platform.temporal;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/** The probe's activity bean, in every {@code PlatformTest} context (they share one). */
@TestConfiguration(proxyBeanMethods = false)
public class ProbeConfiguration {

    @Bean
    ProbeActivitiesImpl probeActivities(Environment environment) {
        return new ProbeActivitiesImpl(environment);
    }
}
