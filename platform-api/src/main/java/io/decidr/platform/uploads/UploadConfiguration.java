package io.decidr.platform.uploads;

import io.decidr.eventstore.upload.UploadStore;
import io.decidr.platform.config.EventStoreConfiguration.EventStoreSchema;
import io.r2dbc.spi.ConnectionFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The upload store on the event store's database (its tables come with the event store's migrations). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(UploadProperties.class)
public class UploadConfiguration {

    @Bean
    UploadStore uploadStore(ConnectionFactory connectionFactory, UploadProperties properties, EventStoreSchema schema) {
        return new UploadStore(connectionFactory, properties.limits());
    }

    @Bean(destroyMethod = "close")
    UploadSweeper uploadSweeper(UploadStore store, UploadProperties properties) {
        return UploadSweeper.start(store, properties.sweepEvery(), properties.stalledAfter());
    }
}
