package io.decidr.platform;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The decidr platform: GraphQL API over the event store (roles api, worker and projector in one process by default). */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DecidrApplication {

    public static void main(String[] args) {
        SpringApplication.run(DecidrApplication.class, args);
    }
}
