package io.decidr.eventstore.personal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class GenerationsTest {

    @Test
    void keepsAtMostTheBoundAndTheNewestHalf() {
        Generations<Integer, String> kept = new Generations<>(10);
        for (int i = 0; i < 1_000; i++) {
            kept.put(i, "v" + i);
            assertThat(kept.size()).isLessThanOrEqualTo(10);
        }
        for (int i = 995; i < 1_000; i++) {
            assertThat(kept.get(i)).isEqualTo("v" + i);
        }
        assertThat(kept.get(0)).isNull();
        assertThat(kept.get(989)).isNull();
    }

    @Test
    void anEntryInUseOutlivesAnyNumberOfNewOnes() {
        Generations<Integer, String> kept = new Generations<>(10);
        kept.put(-1, "busy");
        for (int i = 0; i < 1_000; i++) {
            kept.put(i, "v" + i);
            if (i % 4 == 0) {
                assertThat(kept.get(-1)).as("after %d new entries", i + 1).isEqualTo("busy");
            }
        }
        // one not used for a whole half's worth of puts goes with its half
        Generations<Integer, String> idle = new Generations<>(10);
        idle.put(-1, "idle");
        for (int i = 0; i < 10; i++) {
            idle.put(i, "v" + i);
        }
        assertThat(idle.get(-1)).isNull();
    }

    @Test
    void aRemovedEntryIsGoneFromBothHalves() {
        Generations<Integer, String> kept = new Generations<>(10);
        kept.put(1, "one");
        for (int i = 10; i < 15; i++) {
            kept.put(i, "v" + i);
        }
        // 1 is in the old half now
        assertThat(kept.remove(1)).isEqualTo("one");
        assertThat(kept.get(1)).isNull();
        kept.put(2, "two");
        kept.remove(2, "other");
        assertThat(kept.get(2)).isEqualTo("two");
        kept.removeIf("two"::equals);
        assertThat(kept.get(2)).isNull();
        assertThat(kept.remove(3)).isNull();
    }

    /** Gets that move an old entry to the young half while it is removed never bring it back. */
    @Test
    void aRemovalRacingGetsIsFinal() throws Exception {
        for (int round = 0; round < 200; round++) {
            Generations<Integer, String> kept = new Generations<>(4);
            kept.put(7, "seven");
            kept.put(8, "eight");
            kept.put(9, "nine");
            // 7 is in the old half: a get moves it
            CountDownLatch start = new CountDownLatch(1);
            AtomicBoolean removed = new AtomicBoolean();
            List<Thread> readers = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                Thread reader = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    while (!removed.get()) {
                        kept.get(7);
                    }
                    kept.get(7);
                });
                reader.start();
                readers.add(reader);
            }
            start.countDown();
            Thread.onSpinWait();
            kept.remove(7);
            removed.set(true);
            for (Thread reader : readers) {
                reader.join();
            }
            assertThat(kept.get(7)).as("round %d", round).isNull();
        }
    }

    @Test
    void refusesABoundTooSmallToHalve() {
        assertThatThrownBy(() -> new Generations<>(1)).isInstanceOf(IllegalArgumentException.class);
    }
}
