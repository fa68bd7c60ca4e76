package io.decidr.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decidr.eventstore.testing.TestPostgres;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Many appends in one statement: each is answered as it would have been alone (its own version check, its own
 * command-id idempotency, its own conflict), those written share one commit, and a race with another writer inside
 * the statement falls back to appending each alone.
 */
@Timeout(120)
class GroupCommitIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static TestPostgres.Database database;
    private static ConnectionPool pool;
    private static PostgresEventStore store;

    @BeforeAll
    static void start() {
        database = TestPostgres.newDatabase();
        pool = database.pool(8);
        store = new PostgresEventStore(pool);
    }

    @AfterAll
    static void stop() {
        pool.dispose();
    }

    @Test
    void each_request_of_a_batch_is_answered_as_if_it_had_been_appended_alone() {
        StreamId fresh = newStream();
        StreamId moved = newStream();
        StreamId repeated = newStream();
        StreamId quiet = newStream();
        store.append(request(moved, 0, UUID.randomUUID(), event("a"))).block(WAIT);
        UUID firstTime = UUID.randomUUID();
        AppendResult before = store.append(request(repeated, 0, firstTime, event("a"), event("b"))).block(WAIT);

        List<AppendAnswer> answers = store.appendAll(List.of(
                request(fresh, 0, UUID.randomUUID(), event("a"), event("b"), event("c")),
                request(moved, 0, UUID.randomUUID(), event("late")),
                request(repeated, 2, firstTime, event("again")),
                request(quiet, 0, UUID.randomUUID()))).block(WAIT);

        assertThat(answers).hasSize(4);
        AppendResult written = answers.get(0).result();
        assertThat(written.fromVersion()).isZero();
        assertThat(written.toVersion()).isEqualTo(3);
        assertThat(written.duplicate()).isFalse();
        assertThat(answers.get(1).failure()).isInstanceOf(WrongExpectedVersionException.class);
        assertThat(answers.get(2).result()).as("the first outcome of the repeated command id")
                .isEqualTo(new AppendResult(repeated, 0, 2, true));
        assertThat(answers.get(3).result().toVersion()).as("a command with no events is still recorded").isZero();
        assertThat(store.findCommand("scope", answers.get(3).request().metadata().commandId()).block(WAIT)).isNotNull();

        assertThat(store.readStream(fresh, 1).collectList().block(WAIT)).extracting(RecordedEvent::type)
                .containsExactly("a", "b", "c");
        assertThat(store.readStream(moved, 1).collectList().block(WAIT)).extracting(RecordedEvent::type).containsExactly("a");
        assertThat(store.readStream(repeated, 1).collectList().block(WAIT)).extracting(RecordedEvent::type)
                .containsExactly("a", "b");
        assertThat(store.readStream(fresh, 1).collectList().block(WAIT).getLast().checkpoint()).isEqualTo(written.last());
    }

    @Test
    void of_two_requests_with_one_command_id_in_one_statement_only_the_first_is_written() {
        UUID command = UUID.randomUUID();
        StreamId first = newStream();
        StreamId second = newStream();

        List<AppendAnswer> answers = store.appendAll(List.of(
                request(first, 0, command, event("x")),
                request(second, 0, command, event("x")))).block(WAIT);

        assertThat(answers.get(0).result().duplicate()).isFalse();
        assertThat(answers.get(1).result()).as("the first request's outcome, as for any repeated command id")
                .isEqualTo(new AppendResult(first, 0, 1, true));
        assertThat(store.readStream(first, 1).collectList().block(WAIT)).hasSize(1);
        assertThat(store.readStream(second, 1).collectList().block(WAIT)).isEmpty();
    }

    @Test
    void a_batch_that_races_another_writer_appends_each_request_alone() {
        StreamId contested = newStream();
        StreamId free = newStream();
        // another writer appends to the contested stream in a transaction it holds open: the batch's insert waits on
        // it and then fails as a whole on unique(stream_id, stream_version) once it commits
        Connection other = Mono.from(pool.create()).block(WAIT);
        try {
            Mono.from(other.beginTransaction()).block(WAIT);
            store.append(other, request(contested, 0, UUID.randomUUID(), event("theirs"))).block(WAIT);
            Mono<List<AppendAnswer>> batch = store.appendAll(List.of(
                            request(contested, 0, UUID.randomUUID(), event("ours")),
                            request(free, 0, UUID.randomUUID(), event("ours"))))
                    .subscribeOn(Schedulers.boundedElastic())
                    .cache();
            batch.subscribe();
            waitForALockWait();
            Mono.from(other.commitTransaction()).block(WAIT);

            List<AppendAnswer> answers = batch.block(WAIT);
            assertThat(answers.get(0).failure()).isInstanceOf(WrongExpectedVersionException.class);
            assertThat(answers.get(1).result().toVersion()).isEqualTo(1);
            assertThat(store.readStream(contested, 1).collectList().block(WAIT)).extracting(RecordedEvent::type)
                    .containsExactly("theirs");
            assertThat(store.readStream(free, 1).collectList().block(WAIT)).extracting(RecordedEvent::type)
                    .containsExactly("ours");
        } finally {
            Mono.from(other.close()).block(WAIT);
        }
    }

    @Test
    void concurrent_appends_share_commits_and_each_gets_its_own_answer() {
        GroupCommit group = new GroupCommit(store, 1, 128);
        List<StreamId> streams = Flux.range(0, 64).map(i -> newStream()).collectList().block(WAIT);

        List<AppendResult> results = Flux.fromIterable(streams)
                .flatMap(stream -> group.append(request(stream, 0, UUID.randomUUID(), event("a"), event("b"))), 64)
                .collectList().block(WAIT);

        assertThat(results).hasSize(64).allSatisfy(result -> {
            assertThat(result.duplicate()).isFalse();
            assertThat(result.toVersion()).isEqualTo(2);
        });
        long commits = results.stream().map(result -> result.last().tx()).distinct().count();
        assertThat(commits).as("transactions for 64 appends offered at once, one statement at a time").isLessThan(32);
        for (StreamId stream : streams) {
            assertThat(store.readStream(stream, 1).collectList().block(WAIT)).extracting(RecordedEvent::type)
                    .containsExactly("a", "b");
        }
        assertThat(group.load()).containsExactly(0, 0);
    }

    @Test
    void two_appends_to_one_stream_never_share_a_statement_so_the_second_conflicts() {
        GroupCommit group = new GroupCommit(store, 1, 128);
        StreamId stream = newStream();
        List<Object> outcomes = Flux.range(0, 8)
                .flatMap(i -> group.append(request(stream, 0, UUID.randomUUID(), event("n" + i)))
                        .<Object>map(result -> result)
                        .onErrorResume(WrongExpectedVersionException.class, Mono::just), 8)
                .collectList().block(WAIT);

        assertThat(outcomes).filteredOn(AppendResult.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(WrongExpectedVersionException.class::isInstance).hasSize(7);
        assertThat(store.readStream(stream, 1).collectList().block(WAIT)).hasSize(1);
    }

    @Test
    void the_same_command_id_twice_at_once_writes_once_and_answers_the_second_as_a_duplicate() {
        GroupCommit group = new GroupCommit(store, 1, 128);
        UUID command = UUID.randomUUID();
        StreamId first = newStream();
        StreamId second = newStream();
        group.append(request(newStream(), 0, UUID.randomUUID(), event("occupy"))).subscribe();
        List<AppendResult> results = Flux.merge(
                        group.append(request(first, 0, command, event("x"))),
                        group.append(request(second, 0, command, event("x"))))
                .collectList().block(WAIT);

        assertThat(results).filteredOn(AppendResult::duplicate).hasSize(1);
        assertThat(results).filteredOn(result -> !result.duplicate()).hasSize(1);
        long written = Flux.concat(store.readStream(first, 1), store.readStream(second, 1)).count().block(WAIT);
        assertThat(written).isEqualTo(1);
    }

    @Test
    void a_failed_statement_fails_every_append_it_carried() {
        PostgresEventStore broken = new PostgresEventStore(database.via("127.0.0.1", closedPort()).connectionFactory());
        GroupCommit group = new GroupCommit(broken, 1, 128);
        List<Mono<AppendResult>> appends = Flux.range(0, 4).map(i -> group.append(request(newStream(), 0, UUID.randomUUID(), event("a"))))
                .collectList().block(WAIT);
        for (Mono<AppendResult> append : appends) {
            assertThatThrownBy(() -> append.block(WAIT)).isNotNull();
        }
        assertThat(group.load()).containsExactly(0, 0);
    }

    private static void waitForALockWait() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Long waiting = Flux.usingWhen(pool.create(),
                            c -> Flux.from(c.createStatement(
                                            "SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock'").execute())
                                    .flatMap(result -> result.map(row -> row.get("n", Long.class))),
                            Connection::close)
                    .blockFirst(WAIT);
            if (Objects.requireNonNull(waiting) > 0) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("the batch never waited on the other writer's lock");
    }

    private static int closedPort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static StreamId newStream() {
        return StreamId.of("test", UUID.randomUUID(), UUID.randomUUID());
    }

    private static NewEvent event(String type) {
        return new NewEvent(UUID.randomUUID(), type, 1, "{}");
    }

    private static AppendRequest request(StreamId stream, long expected, UUID commandId, NewEvent... events) {
        return new AppendRequest("scope", UUID.randomUUID(), stream, expected, List.of(events),
                EventMetadata.direct(commandId, "tester"));
    }
}
