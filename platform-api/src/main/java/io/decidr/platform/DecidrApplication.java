package io.decidr.platform;

import io.decidr.platform.config.MigrateOnly;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.cassandra.CassandraAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The decidr platform: GraphQL API over the event store and the Cassandra read models (roles api, worker and
 * projector in one process by default). Spring Boot's own Cassandra session is off: ours creates the keyspace and
 * applies migrations first ({@code CassandraConfiguration}), unless {@code decidr.migrations.mode} says otherwise
 * ({@code skip}: only check them; {@code only}: apply them and exit, {@link MigrateOnly}).
 */
@SpringBootApplication(exclude = CassandraAutoConfiguration.class)
@ConfigurationPropertiesScan
public class DecidrApplication {

    public static void main(String[] args) {
        if (MigrateOnly.requested(args)) {
            // the release's migration job: apply the schemas and exit, starting none of the roles
            System.exit(MigrateOnly.run(args));
        }
        SpringApplication.run(DecidrApplication.class, args);
    }
}
