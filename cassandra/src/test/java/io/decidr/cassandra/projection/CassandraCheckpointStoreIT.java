package io.decidr.cassandra.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import io.decidr.cassandra.testing.TestCassandra;
import io.decidr.eventstore.Checkpoint;
import io.decidr.projections.runtime.CheckpointStore;
import io.decidr.projections.runtime.FencedOut;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

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
    void aFencedRunnerClaimsTheCheckpointAndStoresItWhileNoLaterEpochClaimedIt() {
        CheckpointStore first = store.fencedBy(1);
        CheckpointStore second = store.fencedBy(2);

        assertThat(first.load("fenced").block(WAIT)).as("a first claim").isEqualTo(Checkpoint.START);
        first.save("fenced", new Checkpoint(10, 100)).block(WAIT);
        assertThat(first.load("fenced").block(WAIT)).as("claimed again by the same epoch").isEqualTo(new Checkpoint(10, 100));
        first.save("fenced", new Checkpoint(11, 110)).block(WAIT);

        assertThat(second.load("fenced").block(WAIT)).as("the next holder starts where the last stored").isEqualTo(new Checkpoint(11, 110));
        assertThatThrownBy(() -> first.save("fenced", new Checkpoint(12, 120)).block(WAIT))
                .as("the old holder, after the new one claimed it")
                .isInstanceOfSatisfying(FencedOut.class, fenced -> {
                    assertThat(fenced.epoch()).isEqualTo(1);
                    assertThat(fenced.claimedBy()).isEqualTo(2);
                });
        assertThatThrownBy(() -> first.load("fenced").block(WAIT)).as("nor may it claim it back").isInstanceOf(FencedOut.class);
        assertThat(store.load("fenced").block(WAIT)).as("unchanged by the refused write").isEqualTo(new Checkpoint(11, 110));

        second.save("fenced", new Checkpoint(13, 130)).block(WAIT);
        assertThat(store.fencedBy(5).load("fenced").block(WAIT)).as("an epoch may skip numbers").isEqualTo(new Checkpoint(13, 130));
        assertThatThrownBy(() -> second.save("fenced", new Checkpoint(14, 140)).block(WAIT)).isInstanceOf(FencedOut.class);
    }

    @Test
    void aCheckpointStoredBeforeFencingIsClaimedWithItsPosition() {
        store.save("unfenced", new Checkpoint(20, 200)).block(WAIT);

        CheckpointStore fenced = store.fencedBy(1);
        assertThat(fenced.load("unfenced").block(WAIT)).isEqualTo(new Checkpoint(20, 200));
        fenced.save("unfenced", new Checkpoint(21, 210)).block(WAIT);
        assertThat(store.load("unfenced").block(WAIT)).isEqualTo(new Checkpoint(21, 210));
    }

    @Test
    void ofRunnersClaimingAtOnceTheHighestEpochWinsAndTheOthersAreFencedOut() {
        for (int round = 0; round < 5; round++) {
            String projector = "race-" + round;
            List<Long> claimed = Flux.range(1, 6)
                    .flatMap(epoch -> store.fencedBy(epoch).load(projector).thenReturn((long) epoch)
                            .onErrorResume(FencedOut.class, fenced -> Mono.empty()))
                    .collectList()
                    .block(WAIT);
            // a lower epoch may claim before a higher one does (then it is fenced out at its first save)
            assertThat(claimed).as("round %s", round).contains(6L);
            List<Long> stored = Flux.range(1, 6)
                    .flatMap(epoch -> store.fencedBy(epoch).save(projector, new Checkpoint(epoch, epoch)).thenReturn((long) epoch)
                            .onErrorResume(FencedOut.class, fenced -> Mono.empty()))
                    .collectList()
                    .block(WAIT);
            assertThat(stored).as("round %s", round).containsExactly(6L);
        }
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
