package io.decidr.cassandra.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClasspathMigrationsTest {

    private static final String FIXTURES = "io/decidr/cassandra/schema/";

    @Test
    void theApplicationsFilesAreListedAndParse() {
        List<CqlMigration> migrations = ClasspathMigrations.load();

        assertThat(migrations).extracting(CqlMigration::fileName)
                .startsWith("V1__projection_runtime.cql", "V2__read_models.cql");
        assertThat(migrations.getFirst().statements()).hasSize(2)
                .allSatisfy(statement -> assertThat(statement).containsPattern("WITH comment = '[^']+'"));
    }

    @Test
    void loadsTheListedFilesInVersionOrderWhateverTheOrderOfTheIndex() {
        List<CqlMigration> migrations = ClasspathMigrations.load(FIXTURES + "unordered");

        assertThat(migrations).extracting(CqlMigration::version).containsExactly(2, 10);
        assertThat(migrations.get(1).statements()).hasSize(2);
    }

    @Test
    void aListedFileThatIsMissingIsAnError() {
        assertThatThrownBy(() -> ClasspathMigrations.load(FIXTURES + "missing"))
                .isInstanceOfSatisfying(MigrationException.class,
                        e -> assertThat(e.code()).isEqualTo(MigrationException.Code.MISSING_FILE))
                .hasMessageContaining("'" + FIXTURES + "missing/V2__gone.cql' (a file listed in " + FIXTURES
                        + "missing/index.txt) is not on the classpath");
    }

    @Test
    void aFolderWithoutIndexIsAnError() {
        assertThatThrownBy(() -> ClasspathMigrations.load(FIXTURES + "nowhere"))
                .isInstanceOfSatisfying(MigrationException.class,
                        e -> assertThat(e.code()).isEqualTo(MigrationException.Code.MISSING_FILE))
                .hasMessageContaining("nowhere/index.txt' (the migration index) is not on the classpath");
    }

    @Test
    void twoFilesWithOneVersionAreAnError() {
        assertThatThrownBy(() -> ClasspathMigrations.load(FIXTURES + "duplicate"))
                .isInstanceOfSatisfying(MigrationException.class,
                        e -> assertThat(e.code()).isEqualTo(MigrationException.Code.BAD_FILE_NAME))
                .hasMessage("V2__first.cql and V2__second.cql have the same version 2");
    }
}
