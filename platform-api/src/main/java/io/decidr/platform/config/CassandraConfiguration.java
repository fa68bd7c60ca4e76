package io.decidr.platform.config;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import io.decidr.cassandra.readmodel.ReadModelQueries;
import io.decidr.cassandra.session.CassandraConnection;
import io.decidr.cassandra.session.CassandraSessions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Cassandra session named by {@code spring.cassandra.*}, every read model's, opened once the keyspace and its
 * tables are current ({@link SchemaMigrations}: created and migrated, or only checked).
 */
@Configuration(proxyBeanMethods = false)
public class CassandraConfiguration {

    @Bean(destroyMethod = "close")
    CqlSession cqlSession(CassandraProperties properties, MigrationsProperties migrations) {
        CassandraConnection connection = connection(properties);
        SchemaMigrations.keyspace(properties, connection, migrations.mode());
        CqlSession session = CassandraSessions.open(connection);
        try {
            SchemaMigrations.readModels(session, migrations.mode());
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
        return session;
    }

    static CassandraConnection connection(CassandraProperties properties) {
        return CassandraConnection
                .of(String.join(",", properties.contactPoints()), properties.localDatacenter(), properties.keyspaceName())
                .withConsistency(DefaultConsistencyLevel.valueOf(properties.request().consistency()))
                .withRequestTimeout(properties.request().timeout())
                .withCredentials(properties.username(), properties.password());
    }

    @Bean
    ReadModelQueries readModelQueries(CqlSession session) {
        return new ReadModelQueries(session);
    }
}
