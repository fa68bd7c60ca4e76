package io.decidr.messaging.relay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.eventuate.common.json.mapper.JSonMapper;
import io.eventuate.tram.messaging.common.Message;
import io.eventuate.tram.messaging.common.MessageImpl;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the outbox's messages (Tram's message table, written by the appends) to a {@link MessageSink} in order, and
 * marks them published: the embedded stand-in for Tram's CDC service.
 *
 * <ul>
 *   <li>One relay at a time: the one whose connection holds PostgreSQL's session advisory lock {@value #LOCK_NAME}.
 *       Every read and write of the relay goes through that one connection, so a relay that lost it (its process
 *       killed or paused past a network cut: the server ends the session and frees the lock) can write nothing more;
 *       another takes over as soon as the server has ended that session, trying every
 *       {@link Settings#standbyPoll()}.</li>
 *   <li>A batch is the oldest unpublished messages, by id (a stream's messages in their events' order), read and then
 *       marked published after the sink took them, each in a statement of its own: no transaction stays open while
 *       messages are delivered, since an open transaction that wrote (or locked rows) would hold back every reader of
 *       {@code $all} (projectors) until it ends.</li>
 *   <li>A crash between delivery and marking delivers again (at least once): Tram's duplicate detection on the
 *       consumer side makes that exactly once in effect. A failing delivery stops the batch there; the relay pauses
 *       (growing up to {@link Settings#maxBackoff()}) and offers that message again first, so no later message
 *       overtakes it.</li>
 *   <li>Idle, it waits for a commit ({@link Wakeup}) or the poll interval.</li>
 * </ul>
 */
public final class OutboxRelay implements AutoCloseable {

    static final String LOCK_NAME = "decidr:outbox-relay";

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private static final String LOCK = "SELECT pg_try_advisory_lock(hashtext('" + LOCK_NAME + "')) AS taken";
    private static final String ASYNC_COMMIT = "SET synchronous_commit TO off";
    private static final String UNLOCK = "SELECT pg_advisory_unlock(hashtext('" + LOCK_NAME + "'))";

    private static final String BATCH = """
            SELECT id, headers, payload FROM eventuate.message
            WHERE published = 0
            ORDER BY id
            LIMIT ?
            """;

    private static final String MARK = "UPDATE eventuate.message SET published = 1 WHERE id = ANY (?)";

    /* published messages, and consumers' "received" records, older than the retention: a batch at a time */
    private static final String PURGE_MESSAGES = """
            DELETE FROM eventuate.message WHERE id IN (
                SELECT id FROM eventuate.message WHERE published = 1 AND creation_time < ? ORDER BY id LIMIT 1000)
            """;
    private static final String PURGE_RECEIVED = """
            DELETE FROM eventuate.received_messages WHERE (consumer_id, message_id) IN (
                SELECT consumer_id, message_id FROM eventuate.received_messages WHERE creation_time < ? LIMIT 1000)
            """;

    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
    };

    /**
     * @param batch       messages per read
     * @param poll        the longest an idle relay waits without a wake-up
     * @param standbyPoll how often a relay that does not hold the lock tries to take it
     * @param maxBackoff  the longest pause after failures
     * @param retention   how long published messages and consumers' "received" records are kept (the table would
     *                    grow forever otherwise); purged by the leading relay about once a minute
     */
    public record Settings(int batch, Duration poll, Duration standbyPoll, Duration maxBackoff, Duration retention) {

        public static final Settings DEFAULTS = new Settings(200, Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(30), Duration.ofDays(7));

        /** How often the leading relay purges what is past the retention. */
        Duration purgeEvery() {
            return retention.compareTo(Duration.ofMinutes(1)) < 0 ? retention : Duration.ofMinutes(1);
        }
    }

    private final DataSource data;
    private final String holder;
    private final Settings settings;
    private final MessageSink sink;
    private final Wakeup wakeup;
    private final Thread thread;
    private final AtomicLong relayed = new AtomicLong();
    private volatile boolean running = true;
    /** The connection holding the lock while this relay leads; null otherwise. */
    private volatile Connection leading;

    /**
     * @param data   where the outbox is; one of its connections is held for as long as this relay leads
     * @param holder names this relay in the log
     */
    public OutboxRelay(DataSource data, String holder, Settings settings, MessageSink sink, Wakeup wakeup) {
        this.data = Objects.requireNonNull(data, "data");
        this.holder = Objects.requireNonNull(holder, "holder");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.wakeup = Objects.requireNonNull(wakeup, "wakeup");
        this.thread = Thread.ofPlatform().name("outbox-relay").daemon().unstarted(this::run);
    }

    /** Starts relaying (once it holds the lock). */
    public OutboxRelay start() {
        thread.start();
        return this;
    }

    /** Messages this relay marked published since it started. */
    public long relayed() {
        return relayed.get();
    }

    /** Whether this relay holds the lock now. */
    public boolean leading() {
        return leading != null;
    }

    private void run() {
        long purged = System.nanoTime();
        int failures = 0;
        try {
            while (running) {
                try {
                    if (leading == null) {
                        leading = tryLead();
                        if (leading == null) {
                            pause(settings.standbyPoll());
                            continue;
                        }
                        log.info("outbox relay {} leads", holder);
                    }
                    if (System.nanoTime() - purged > settings.purgeEvery().toNanos()) {
                        purge(leading);
                        purged = System.nanoTime();
                    }
                    long seen = wakeup.generation();
                    int count = relayBatch(leading);
                    failures = 0;
                    if (count < settings.batch()) {
                        wakeup.await(seen, settings.poll());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (SQLException e) {
                    // the connection (and with it the lock) may be gone: lead again from a fresh one
                    step(e, ++failures);
                    stepDown();
                } catch (RuntimeException e) {
                    step(e, ++failures);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stepDown();
        }
    }

    private void step(Exception e, int failures) throws InterruptedException {
        Duration pause = backoff(failures);
        log.warn("outbox relay: {} (attempt {}); again in {} ms", e.toString(), failures, pause.toMillis());
        pause(pause);
    }

    /** A connection holding the lock, or null when another relay holds it. */
    private Connection tryLead() throws SQLException {
        Connection connection = data.getConnection();
        try {
            connection.setAutoCommit(true);
            try (PreparedStatement lock = connection.prepareStatement(LOCK); ResultSet taken = lock.executeQuery()) {
                if (taken.next() && taken.getBoolean("taken")) {
                    // a mark lost in a crash only delivers its messages again, which the consumers' duplicate
                    // detection absorbs: the relay's writes need not wait for the WAL's flush
                    try (PreparedStatement async = connection.prepareStatement(ASYNC_COMMIT)) {
                        async.execute();
                    }
                    return connection;
                }
            }
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        connection.close();
        return null;
    }

    /** Gives the lock back (or lets the server drop it with the broken connection). */
    private void stepDown() {
        Connection connection = leading;
        leading = null;
        if (connection == null) {
            return;
        }
        try (connection; PreparedStatement unlock = connection.prepareStatement(UNLOCK);
             PreparedStatement reset = connection.prepareStatement("RESET synchronous_commit")) {
            unlock.execute();
            // the connection goes back to the pool: nothing of the relay's session stays with it
            reset.execute();
        } catch (SQLException e) {
            log.debug("outbox relay {}: the lock goes with its connection ({})", holder, e.toString());
        }
        log.info("outbox relay {} stepped down", holder);
    }

    /** Relays one batch; returns how many messages it found (a failure mid-batch is thrown after the marking). */
    private int relayBatch(Connection connection) throws SQLException {
        List<Message> messages = batch(connection);
        if (messages.isEmpty()) {
            return 0;
        }
        MessageSink.Delivered outcome = sink.deliverAll(messages);
        if (outcome.count() > 0) {
            List<String> delivered = new ArrayList<>(outcome.count());
            for (int i = 0; i < outcome.count(); i++) {
                delivered.add(messages.get(i).getId());
            }
            try (PreparedStatement mark = connection.prepareStatement(MARK)) {
                mark.setArray(1, connection.createArrayOf("varchar", delivered.toArray()));
                mark.executeUpdate();
            }
            relayed.addAndGet(delivered.size());
        }
        if (outcome.failure() != null) {
            throw outcome.failure();
        }
        return messages.size();
    }

    private List<Message> batch(Connection connection) throws SQLException {
        List<Message> messages = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(BATCH)) {
            select.setInt(1, settings.batch());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    messages.add(new MessageImpl(rows.getString("payload"), headers(rows.getString("headers"))));
                }
            }
        }
        return messages;
    }

    /** Deletes published messages and "received" records past the retention, a batch per statement. */
    private void purge(Connection connection) throws SQLException {
        long before = System.currentTimeMillis() - settings.retention().toMillis();
        long deleted = 0;
        for (String purge : new String[] {PURGE_MESSAGES, PURGE_RECEIVED}) {
            int batch;
            do {
                try (PreparedStatement statement = connection.prepareStatement(purge)) {
                    statement.setLong(1, before);
                    batch = statement.executeUpdate();
                }
                deleted += batch;
            } while (batch == 1000 && running);
        }
        if (deleted > 0) {
            log.info("outbox relay purged {} published messages and received records older than {}", deleted,
                    settings.retention());
        }
    }

    private static Map<String, String> headers(String json) {
        try {
            return JSonMapper.objectMapper.readValue(json, HEADERS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable message headers: " + json, e);
        }
    }

    private Duration backoff(int failures) {
        long millis = Math.min(settings.maxBackoff().toMillis(), 100L << Math.min(failures - 1, 16));
        return Duration.ofMillis(millis);
    }

    private void pause(Duration pause) throws InterruptedException {
        long until = System.nanoTime() + pause.toNanos();
        while (running && System.nanoTime() < until) {
            Thread.sleep(Math.min(50, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
        }
    }

    /** Stops after the batch in hand and gives the lock back, so another relay may take over at once. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
