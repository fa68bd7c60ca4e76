package io.decidr.cassandra.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CqlMigrationTest {

    private static final String TEXT = "-- jobs\nCREATE TABLE IF NOT EXISTS jobs (id int PRIMARY KEY);\n";

    @Test
    void readsVersionAndDescriptionFromTheFileName() {
        CqlMigration migration = CqlMigration.parse("V12__job_list.cql", TEXT);

        assertThat(migration.version()).isEqualTo(12);
        assertThat(migration.description()).isEqualTo("job list");
        assertThat(migration.fileName()).isEqualTo("V12__job_list.cql");
        assertThat(migration.statements()).containsExactly("CREATE TABLE IF NOT EXISTS jobs (id int PRIMARY KEY)");
    }

    @Test
    void theChecksumChangesWithAnyEditButNotWithLineEndings() {
        String checksum = CqlMigration.parse("V1__jobs.cql", TEXT).checksum();

        assertThat(checksum).hasSize(64);
        assertThat(CqlMigration.parse("V1__jobs.cql", TEXT.replace("\n", "\r\n")).checksum()).isEqualTo(checksum);
        assertThat(CqlMigration.parse("V1__jobs.cql", TEXT.replace("-- jobs", "-- the jobs")).checksum())
                .isNotEqualTo(checksum);
    }

    @Test
    void rejectsNamesThatAreNotVersionedCqlFiles() {
        for (String name : new String[] {"V1_jobs.cql", "v1__jobs.cql", "V0__jobs.cql", "V01__jobs.cql",
                "V1__jobs.sql", "V1__job-list.cql", "jobs.cql"}) {
            assertThatThrownBy(() -> CqlMigration.parse(name, TEXT)).as(name)
                    .isInstanceOfSatisfying(MigrationException.class,
                            e -> assertThat(e.code()).isEqualTo(MigrationException.Code.BAD_FILE_NAME))
                    .hasMessageContaining("'" + name + "' is not a migration file name");
        }
    }
}
