package io.decidr.cassandra.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import io.decidr.cassandra.testing.TestCassandra;
import io.decidr.eventstore.Checkpoint;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CassandraCheckpointStoreIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static CqlSession session;
    private static CassandraCheckpointStore store;

    @BeforeAll
    static void migratedKeyspace() {
        session = TestCassandra.newKeyspace().openSession();
        ProjectionRuntimeSchema.create(session);
        store = CassandraCheckpointStore.prepare(session).block(WAIT);
    }

    @AfterAll
    static void close() {
        session.close();
    }

    @Test
    void aProjectorWithoutCheckpointStartsAtTheStart() {
        assertThat(store.load("never-saved").block(WAIT)).isEqualTo(Checkpoint.START);
    }

    @Test
    void loadsTheLastSavedCheckpointOfEachProjector() {
        store.save("entities", new Checkpoint(740, 12)).block(WAIT);
        store.save("comments", new Checkpoint(741, 13)).block(WAIT);
        store.save("entities", new Checkpoint(745, 20)).block(WAIT);

        assertThat(store.load("entities").block(WAIT)).isEqualTo(new Checkpoint(745, 20));
        assertThat(store.load("comments").block(WAIT)).isEqualTo(new Checkpoint(741, 13));
    }

    @Test
    void keepsTheWholeRangeOfTransactionIdsAndPositions() {
        store.save("big", new Checkpoint(Long.MAX_VALUE, Long.MAX_VALUE - 1)).block(WAIT);

        assertThat(store.load("big").block(WAIT)).isEqualTo(new Checkpoint(Long.MAX_VALUE, Long.MAX_VALUE - 1));
    }

    @Test
    void savingTwiceIsHarmless() {
        store.save("twice", new Checkpoint(9, 90)).block(WAIT);
        store.save("twice", new Checkpoint(9, 90)).block(WAIT);

        assertThat(store.load("twice").block(WAIT)).isEqualTo(new Checkpoint(9, 90));
        assertThat(session.execute("SELECT updated_at FROM projector_checkpoints WHERE projector = 'twice'").one()
                .getInstant("updated_at")).isNotNull();
    }

    @Test
    void preparingFailsInAKeyspaceThatWasNotMigrated() {
        try (CqlSession empty = TestCassandra.newKeyspace().openSession()) {
            assertThatThrownBy(() -> CassandraCheckpointStore.prepare(empty).block(WAIT))
                    .isInstanceOf(InvalidQueryException.class)
                    .hasMessageContaining("projector_checkpoints");
        }
    }
}
