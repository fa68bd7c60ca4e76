package io.decidr.platform.support;

import io.decidr.platform.temporal.ProbeConfiguration;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole application as {@link PlatformTest} runs it, but for a test class that needs a database and keyspace of
 * its own (it runs further processes of the application against them, and the shared application, which runs
 * projectors too, must not hold their leases). The class names them with {@link PlatformTest#stores}, from its own
 * {@code @DynamicPropertySource}; {@code @TestPropertySource} adds what else it needs.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "decidr.dev.postgres.embedded=false",
        "decidr.dev.cassandra.embedded=false",
        "decidr.dev.temporal.embedded=false",
        "spring.temporal.test-server.enabled=true",
        "spring.temporal.workers-auto-discovery.workflow-packages=io.decidr.platform.temporal",
        "spring.temporal.workers-auto-discovery.register-activity-beans=true",
        "decidr.security.hmac-secret=" + PlatformTest.TEST_SECRET,
        "spring.r2dbc.pool.max-size=10",
        "server.shutdown=immediate"})
@ActiveProfiles("dev")
@Import(ProbeConfiguration.class)
public @interface ApplicationOnOwnStores {
}
