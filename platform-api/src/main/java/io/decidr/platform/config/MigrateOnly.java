package io.decidr.platform.config;

import com.datastax.oss.driver.api.core.CqlSession;
import io.decidr.cassandra.session.CassandraConnection;
import io.decidr.cassandra.session.CassandraSessions;
import io.decidr.platform.config.MigrationsProperties.Mode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.r2dbc.R2dbcProperties;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * {@code decidr.migrations.mode=only}: a process that applies the PostgreSQL and CQL migrations and exits (0 when the
 * schemas are current), with the same properties as the app but none of its roles: no web server, no projectors, no
 * Temporal. Not a component, so the app's own scan never picks it up.
 */
@EnableConfigurationProperties({R2dbcProperties.class, CassandraProperties.class})
public class MigrateOnly {

    private static final Logger LOG = LoggerFactory.getLogger(MigrateOnly.class);

    /** Whether the arguments, system properties or environment ask for this mode (read before Spring starts). */
    public static boolean requested(String... args) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
        String mode = environment.getProperty("decidr.migrations.mode", "");
        return mode.strip().replace('-', '_').equalsIgnoreCase(Mode.ONLY.name());
    }

    /** Applies the migrations; the process's exit code (an exception fails it with the reason logged). */
    public static int run(String... args) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(MigrateOnly.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .run(args);
        return SpringApplication.exit(context);
    }

    @Bean
    ApplicationRunner migrate(R2dbcProperties r2dbc, CassandraProperties cassandra) {
        return arguments -> {
            SchemaMigrations.eventStore(r2dbc, Mode.ONLY);
            LOG.info("the event store's schema is current");
            CassandraConnection connection = CassandraConfiguration.connection(cassandra);
            SchemaMigrations.keyspace(cassandra, connection, Mode.ONLY);
            try (CqlSession session = CassandraSessions.open(connection)) {
                SchemaMigrations.readModels(session, Mode.ONLY);
            }
            LOG.info("keyspace {} is current", cassandra.keyspaceName());
        };
    }
}
