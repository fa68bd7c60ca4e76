package io.decidr.platform;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.cassandra.CassandraAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The decidr platform: GraphQL API over the event store and the Cassandra read models (roles api, worker and
 * projector in one process by default). Spring Boot's own Cassandra session is off: ours creates the keyspace and
 * applies migrations first ({@code CassandraConfiguration}).
 */
@SpringBootApplication(exclude = CassandraAutoConfiguration.class)
@ConfigurationPropertiesScan
public class DecidrApplication {

    public static void main(String[] args) {
        SpringApplication.run(DecidrApplication.class, args);
    }
}
