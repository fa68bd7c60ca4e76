package io.decidr.cassandra.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CqlScriptTest {

    @Test
    void splitsAtSemicolonsThatEndALineAndSkipsCommentLines() {
        String text = """
                -- a comment; with a semicolon at the end;
                CREATE TABLE IF NOT EXISTS a (
                    id int PRIMARY KEY, -- inline comments go to the server
                    label text
                );

                   -- an indented comment
                INSERT INTO a (id, label) VALUES (1, 'x;y');
                """;

        assertThat(CqlScript.statements("V1__a.cql", text)).containsExactly("""
                CREATE TABLE IF NOT EXISTS a (
                    id int PRIMARY KEY, -- inline comments go to the server
                    label text
                )""", "INSERT INTO a (id, label) VALUES (1, 'x;y')");
    }

    @Test
    void aQuotedStringMayHoldLineEndSemicolonsCommentMarkersAndDoubledQuotes() {
        String text = """
                CREATE TABLE IF NOT EXISTS a (id int PRIMARY KEY) WITH comment = 'the query;
                -- is not a comment here
                it''s one string;'
                    AND gc_grace_seconds = 10;
                CREATE TABLE IF NOT EXISTS b (id int PRIMARY KEY);""";

        assertThat(CqlScript.statements("V1__a.cql", text)).containsExactly("""
                CREATE TABLE IF NOT EXISTS a (id int PRIMARY KEY) WITH comment = 'the query;
                -- is not a comment here
                it''s one string;'
                    AND gc_grace_seconds = 10""", "CREATE TABLE IF NOT EXISTS b (id int PRIMARY KEY)");
    }

    @Test
    void aFileOfCommentsHasNoStatements() {
        assertThat(CqlScript.statements("V2__later.cql", "-- nothing yet\n\n")).isEmpty();
        assertThat(CqlScript.statements("V2__later.cql", "")).isEmpty();
    }

    @Test
    void textAfterTheLastSemicolonIsAnError() {
        assertThatThrownBy(() -> CqlScript.statements("V1__a.cql",
                "CREATE TABLE IF NOT EXISTS a (id int PRIMARY KEY);\n"
                        + "CREATE TABLE IF NOT EXISTS b (id int PRIMARY KEY)"))
                .isInstanceOfSatisfying(MigrationException.class,
                        e -> assertThat(e.code()).isEqualTo(MigrationException.Code.BAD_STATEMENT))
                .hasMessageContaining("V1__a.cql: the last statement does not end with ';'")
                .hasMessageContaining("CREATE TABLE IF NOT EXISTS b");
    }

    @Test
    void anUnclosedQuoteIsAnError() {
        assertThatThrownBy(() -> CqlScript.statements("V1__a.cql",
                "CREATE TABLE IF NOT EXISTS a (id int PRIMARY KEY) WITH comment = 'open;\n"))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("a quoted string is not closed");
    }

    @Test
    void everyCreateMustBeSafeToRunAgain() {
        assertThatThrownBy(() -> CqlScript.statements("V3__jobs.cql", """
                CREATE TABLE IF NOT EXISTS a (id int PRIMARY KEY);

                create   table
                  b (id int PRIMARY KEY);
                """))
                .isInstanceOfSatisfying(MigrationException.class,
                        e -> assertThat(e.code()).isEqualTo(MigrationException.Code.BAD_STATEMENT))
                .hasMessageContaining("V3__jobs.cql: the statement ending on line 4 must say IF NOT EXISTS");

        assertThat(CqlScript.statements("V3__jobs.cql", """
                CREATE CUSTOM INDEX IF NOT EXISTS a_label ON a (label) USING 'StorageAttachedIndex';
                CREATE OR REPLACE FUNCTION f (x int) RETURNS NULL ON NULL INPUT RETURNS int LANGUAGE java AS 'return x';
                ALTER TABLE a ADD IF NOT EXISTS note text;
                """)).hasSize(3);
    }
}
