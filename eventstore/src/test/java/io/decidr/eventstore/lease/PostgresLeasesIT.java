package io.decidr.eventstore.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.eventstore.testing.TestPostgres;
import io.r2dbc.pool.ConnectionPool;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Leases on the real database: one holder at a time, a higher epoch for every taking, expiry on the database's clock. */
class PostgresLeasesIT {

    private static final Duration LONG = Duration.ofMinutes(1);
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static ConnectionPool pool;
    private static Leases leases;

    @BeforeAll
    static void database() {
        pool = TestPostgres.newDatabase().pool(12);
        leases = new PostgresLeases(pool);
    }

    @AfterAll
    static void close() {
        pool.dispose();
    }

    @Test
    void a_lease_has_one_holder_until_released_and_each_taking_raises_the_epoch() {
        assertThat(leases.tryTake("one", "a", LONG).block(WAIT)).isEqualTo(1);
        assertThat(leases.tryTake("one", "b", LONG).blockOptional(WAIT)).as("held by a").isEmpty();
        assertThat(leases.tryTake("one", "a", LONG).blockOptional(WAIT)).as("not even by its holder again").isEmpty();
        assertThat(leases.renew("one", "a", 1, LONG).block(WAIT)).isTrue();
        assertThat(leases.renew("one", "b", 1, LONG).block(WAIT)).as("b never held it").isFalse();
        assertThat(leases.renew("one", "a", 2, LONG).block(WAIT)).as("a wrong epoch").isFalse();

        leases.release("one", "b", 1).block(WAIT);
        assertThat(leases.tryTake("one", "b", LONG).blockOptional(WAIT)).as("only its holder releases it").isEmpty();
        leases.release("one", "a", 1).block(WAIT);
        assertThat(leases.tryTake("one", "b", LONG).block(WAIT)).isEqualTo(2);
        assertThat(leases.renew("one", "a", 1, LONG).block(WAIT)).as("the old holder's renewal").isFalse();
        assertThat(leases.list().filter(lease -> lease.name().equals("one")).collectList().block(WAIT)).singleElement()
                .satisfies(lease -> {
                    assertThat(lease.name()).isEqualTo("one");
                    assertThat(lease.holder()).isEqualTo("b");
                    assertThat(lease.epoch()).isEqualTo(2);
                    assertThat(lease.expiresAt()).isAfter(lease.takenAt().plusSeconds(50));
                });
    }

    @Test
    void an_expired_lease_is_taken_by_another_and_its_old_holder_cannot_renew_it() {
        long taken = System.nanoTime();
        assertThat(leases.tryTake("short", "a", Duration.ofMillis(300)).block(WAIT)).isEqualTo(1);
        assertThat(leases.tryTake("short", "b", LONG).blockOptional(WAIT)).isEmpty();
        // b keeps trying, as a standby does, and gets it once it expired on the database's clock
        Long epoch = Mono.defer(() -> leases.tryTake("short", "b", LONG))
                .repeatWhenEmpty(tries -> tries.delayElements(Duration.ofMillis(20)))
                .block(WAIT);
        assertThat(epoch).isEqualTo(2);
        assertThat(Duration.ofNanos(System.nanoTime() - taken)).as("until the standby got it").isGreaterThanOrEqualTo(Duration.ofMillis(250));
        assertThat(leases.renew("short", "a", 1, LONG).block(WAIT)).isFalse();

        // renewing past the end is fine while nobody took it
        assertThat(leases.tryTake("late", "a", Duration.ofMillis(100)).block(WAIT)).isEqualTo(1);
        Mono.defer(() -> expired("late")).filter(Boolean::booleanValue)
                .repeatWhenEmpty(tries -> tries.delayElements(Duration.ofMillis(20)))
                .block(WAIT);
        assertThat(leases.renew("late", "a", 1, LONG).block(WAIT)).isTrue();
        assertThat(leases.tryTake("late", "b", LONG).blockOptional(WAIT)).isEmpty();
    }

    /** Whether the lease is past its end on the database's clock. */
    private static Mono<Boolean> expired(String name) {
        return Flux.usingWhen(pool.create(),
                        c -> Flux.from(c.createStatement("SELECT expires_at <= now() AS expired FROM leases WHERE name = $1")
                                        .bind(0, name).execute())
                                .flatMap(result -> result.map(row -> row.get("expired", Boolean.class))),
                        io.r2dbc.spi.Connection::close)
                .next();
    }

    @Test
    void of_many_processes_taking_a_free_lease_at_once_exactly_one_gets_it() {
        for (int round = 0; round < 20; round++) {
            String name = "race-" + round;
            List<Long> epochs = Flux.fromStream(IntStream.range(0, 10).boxed())
                    .parallel(10).runOn(Schedulers.boundedElastic())
                    .flatMap(holder -> leases.tryTake(name, "holder-" + holder, LONG))
                    .sequential()
                    .collectList()
                    .block(WAIT);
            assertThat(Objects.requireNonNull(epochs)).as("round %s", round).containsExactly(1L);
        }
    }
}
