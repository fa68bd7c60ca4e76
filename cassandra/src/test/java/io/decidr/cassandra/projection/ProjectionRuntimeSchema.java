package io.decidr.cassandra.projection;

import com.datastax.oss.driver.api.core.CqlSession;
import io.decidr.cassandra.schema.ClasspathMigrations;
import io.decidr.cassandra.schema.CqlMigration;
import io.decidr.cassandra.schema.CqlMigrations;
import java.util.List;

/** Creates the projector runtime's tables (V1, and V5's checkpoint epochs: these tests need none of the read models). */
final class ProjectionRuntimeSchema {

    private ProjectionRuntimeSchema() {
    }

    static void create(CqlSession session) {
        List<CqlMigration> runtime = ClasspathMigrations.load().stream()
                .filter(migration -> migration.fileName().equals("V1__projection_runtime.cql")
                        || migration.fileName().equals("V5__checkpoint_epochs.cql"))
                .toList();
        new CqlMigrations(session, runtime).migrate();
    }
}
