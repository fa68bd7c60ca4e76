package io.decidr.cassandra.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decidr.cassandra.schema.ClasspathMigrations;
import io.decidr.cassandra.schema.CqlMigration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ReadModelTest {

    private static final Pattern CREATED = Pattern.compile(
            "CREATE (?:CUSTOM )?(?:TABLE|INDEX) IF NOT EXISTS (\\w+)", Pattern.CASE_INSENSITIVE);

    @Test
    void generationOneKeepsThePlainNamesAndLaterOnesAreSuffixed() {
        String select = "SELECT * FROM entity_by_id WHERE tenant_id = :tenant";
        assertThat(ReadModel.ENTITIES.sql(select, 1)).isSameAs(select);
        assertThat(ReadModel.ENTITIES.sql(select, 2)).isEqualTo("SELECT * FROM entity_by_id_g2 WHERE tenant_id = :tenant");
        assertThat(ReadModel.physical("tenants", 1)).isEqualTo("tenants");
        assertThat(ReadModel.physical("tenants", 12)).isEqualTo("tenants_g12");
    }

    @Test
    void renamesWholeNamesOfItsOwnModelOnly() {
        assertThat(ReadModel.TENANTS.sql("UPDATE tenants SET name = 'tenants of collections_by_tenant' WHERE tenant_id = :t", 3))
                .isEqualTo("UPDATE tenants_g3 SET name = 'tenants_g3 of collections_by_tenant' WHERE tenant_id = :t");
        assertThat(ReadModel.ENTITIES.sql("CREATE CUSTOM INDEX IF NOT EXISTS entities_by_collection_filter_vals"
                + " ON entities_by_collection (ENTRIES(filter_vals))", 2))
                .isEqualTo("CREATE CUSTOM INDEX IF NOT EXISTS entities_by_collection_filter_vals_g2"
                        + " ON entities_by_collection_g2 (ENTRIES(filter_vals))");
        assertThat(ReadModel.COMMENTS.sql("SELECT * FROM entity_by_id", 2)).isEqualTo("SELECT * FROM entity_by_id");
    }

    @Test
    void generationsCountFromOne() {
        assertThatThrownBy(() -> ReadModel.TENANTS.sql("SELECT 1", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReadModel.physical("tenants", -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNewGenerationCreatesEachOfItsTablesAndIndexesOnceUnderItsNewName() {
        for (ReadModel model : ReadModel.values()) {
            List<String> created = created(model.ddl(4));
            assertThat(created).as("objects created for %s", model)
                    .containsExactlyInAnyOrderElementsOf(model.objects().stream().map(o -> ReadModel.physical(o, 4)).toList());
        }
    }

    @Test
    void everyReadModelTableOfTheMigrationsBelongsToExactlyOneModel() {
        List<String> runtime = List.of("projector_checkpoints", "parked_events", "projector_generations");
        List<String> created = new ArrayList<>();
        for (CqlMigration migration : ClasspathMigrations.load()) {
            created.addAll(created(migration.statements()));
        }
        List<String> owned = Arrays.stream(ReadModel.values()).flatMap(model -> model.objects().stream()).toList();
        assertThat(owned).doesNotHaveDuplicates();
        assertThat(created).containsAll(owned);
        assertThat(created.stream().filter(name -> !runtime.contains(name)).toList())
                .as("a new read-model table must be added to its ReadModel, or rebuilds would not create it")
                .containsExactlyInAnyOrderElementsOf(owned);
    }

    @Test
    void ddlIgnoresStatementsThatOnlyMentionAModelsTable() {
        CqlMigration migration = CqlMigration.parse("V9__mention.cql", """
                CREATE TABLE IF NOT EXISTS elsewhere (id int PRIMARY KEY) WITH comment = 'next to entity_by_id';
                ALTER TABLE entity_by_id ADD IF NOT EXISTS note text;
                """);
        assertThat(ReadModel.ENTITIES.ddl(List.of(migration), 2))
                .containsExactly("ALTER TABLE entity_by_id_g2 ADD IF NOT EXISTS note text");
    }

    private static List<String> created(List<String> statements) {
        List<String> names = new ArrayList<>();
        for (String statement : statements) {
            Matcher matcher = CREATED.matcher(statement.replaceAll("\\s+", " "));
            if (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }
}
