package io.decidr.cassandra.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import org.junit.jupiter.api.Test;

class SharedCassandraIT {

    @Test
    void sharesOneNodeAndGivesEveryCallerItsOwnKeyspace() {
        TestKeyspace first = TestCassandra.newKeyspace();
        TestKeyspace second = TestCassandra.newKeyspace();

        assertThat(first.server()).isSameAs(second.server()).isSameAs(TestCassandra.server());
        assertThat(first.name()).isNotEqualTo(second.name());
        try (CqlSession one = first.openSession(); CqlSession two = second.openSession()) {
            one.execute("CREATE TABLE items (id int PRIMARY KEY, label text)");
            two.execute("CREATE TABLE items (id int PRIMARY KEY, label text)");
            one.execute("INSERT INTO items (id, label) VALUES (1, 'first')");

            assertThat(one.execute("SELECT label FROM items").all()).hasSize(1);
            assertThat(two.execute("SELECT label FROM items").all()).isEmpty();
            // schema metadata is off, which is what keeps a test's DDL fast
            assertThat(one.getMetadata().getKeyspaces()).isEmpty();
        }
    }
}
