package io.decidr.messaging.relay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.decidr.eventstore.lease.Leases;
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
 *   <li>One relay at a time: it runs while it holds the lease {@code outbox-relay} ({@link Leases}), renewed between
 *       batches.</li>
 *   <li>A batch is the oldest unpublished messages (by id, so a stream's messages in their events' order), locked in
 *       one transaction ({@code FOR UPDATE SKIP LOCKED}) that also holds the lease's row ({@code FOR SHARE}): a relay
 *       that takes the lease over waits until the previous holder's batch has ended, and a holder that lost the lease
 *       finds out before its next batch. So two relays never deliver at once.</li>
 *   <li>A message is marked published after the sink took it, in the batch's transaction. A crash in between delivers
 *       it again (at least once): Tram's duplicate detection on the consumer side makes that exactly once in effect.
 *       A failing delivery stops the batch there; the relay pauses (growing up to {@link Settings#maxBackoff()}) and
 *       offers that message again first, so no later message overtakes it.</li>
 *   <li>Idle, it waits for a commit ({@link Wakeup}) or the poll interval.</li>
 * </ul>
 */
public final class OutboxRelay implements AutoCloseable {

    public static final String LEASE = "outbox-relay";

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private static final String FENCE = "SELECT 1 FROM leases WHERE name = ? AND holder = ? AND epoch = ? FOR SHARE";

    private static final String BATCH = """
            SELECT id, headers, payload FROM eventuate.message
            WHERE published = 0
            ORDER BY id
            LIMIT ?
            FOR UPDATE SKIP LOCKED
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
     * @param batch      messages per transaction
     * @param poll       the longest an idle relay waits without a wake-up
     * @param leaseTtl   how long the lease lasts without renewal (a killed relay's successor waits this long)
     * @param maxBackoff the longest pause after failures
     * @param retention  how long published messages and consumers' "received" records are kept (the table would
     *                   grow forever otherwise); purged by the leading relay about once a minute
     */
    public record Settings(int batch, Duration poll, Duration leaseTtl, Duration maxBackoff, Duration retention) {

        public static final Settings DEFAULTS = new Settings(200, Duration.ofSeconds(1), Duration.ofSeconds(15),
                Duration.ofSeconds(30), Duration.ofDays(7));

        /** How often the leading relay purges what is past the retention. */
        Duration purgeEvery() {
            return retention.compareTo(Duration.ofMinutes(1)) < 0 ? retention : Duration.ofMinutes(1);
        }
    }

    private final DataSource data;
    private final Leases leases;
    private final String holder;
    private final Settings settings;
    private final MessageSink sink;
    private final Wakeup wakeup;
    private final Thread thread;
    private final AtomicLong relayed = new AtomicLong();
    private volatile boolean running = true;
    private volatile Long epoch;

    public OutboxRelay(DataSource data, Leases leases, String holder, Settings settings, MessageSink sink,
            Wakeup wakeup) {
        this.data = Objects.requireNonNull(data, "data");
        this.leases = Objects.requireNonNull(leases, "leases");
        this.holder = Objects.requireNonNull(holder, "holder");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.wakeup = Objects.requireNonNull(wakeup, "wakeup");
        this.thread = Thread.ofPlatform().name("outbox-relay").daemon().unstarted(this::run);
    }

    /** Starts relaying (once it holds the lease). */
    public OutboxRelay start() {
        thread.start();
        return this;
    }

    /** Messages this relay marked published since it started. */
    public long relayed() {
        return relayed.get();
    }

    /** Whether this relay holds the lease now. */
    public boolean leading() {
        return epoch != null;
    }

    private void run() {
        long renewed = 0;
        long purged = System.nanoTime();
        int failures = 0;
        while (running) {
            try {
                if (epoch == null) {
                    epoch = leases.tryTake(LEASE, holder, settings.leaseTtl()).block();
                    if (epoch == null) {
                        pause(settings.leaseTtl().dividedBy(3));
                        continue;
                    }
                    log.info("outbox relay {} leads (epoch {})", holder, epoch);
                    renewed = System.nanoTime();
                } else if (System.nanoTime() - renewed > settings.leaseTtl().dividedBy(3).toNanos()) {
                    if (!Boolean.TRUE.equals(leases.renew(LEASE, holder, epoch, settings.leaseTtl()).block())) {
                        log.warn("outbox relay {} lost its lease", holder);
                        epoch = null;
                        continue;
                    }
                    renewed = System.nanoTime();
                }
                if (System.nanoTime() - purged > settings.purgeEvery().toNanos()) {
                    purge();
                    purged = System.nanoTime();
                }
                long seen = wakeup.generation();
                int count = relayBatch(epoch);
                failures = 0;
                if (count < settings.batch()) {
                    wakeup.await(seen, settings.poll());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | SQLException e) {
                failures++;
                Duration pause = backoff(failures);
                log.warn("outbox relay: {} (attempt {}); again in {} ms", e.toString(), failures, pause.toMillis());
                try {
                    pause(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Relays one batch; returns how many messages it found (a failure mid-batch is thrown after the commit). */
    private int relayBatch(long leaseEpoch) throws SQLException {
        try (Connection connection = data.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (!fenced(connection, leaseEpoch)) {
                    connection.rollback();
                    epoch = null;
                    return 0;
                }
                List<Message> messages = batch(connection);
                MessageSink.Delivered outcome = messages.isEmpty() ? new MessageSink.Delivered(0, null)
                        : sink.deliverAll(messages);
                List<String> delivered = new ArrayList<>(outcome.count());
                for (int i = 0; i < outcome.count(); i++) {
                    delivered.add(messages.get(i).getId());
                }
                RuntimeException failure = outcome.failure();
                if (!delivered.isEmpty()) {
                    try (PreparedStatement mark = connection.prepareStatement(MARK)) {
                        mark.setArray(1, connection.createArrayOf("varchar", delivered.toArray()));
                        mark.executeUpdate();
                    }
                }
                connection.commit();
                relayed.addAndGet(delivered.size());
                if (failure != null) {
                    throw failure;
                }
                return messages.size();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
        }
    }

    /** Deletes published messages and "received" records past the retention, a batch per statement. */
    private void purge() throws SQLException {
        long before = System.currentTimeMillis() - settings.retention().toMillis();
        long deleted = 0;
        try (Connection connection = data.getConnection()) {
            connection.setAutoCommit(true);
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
        }
        if (deleted > 0) {
            log.info("outbox relay purged {} published messages and received records older than {}", deleted,
                    settings.retention());
        }
    }

    private boolean fenced(Connection connection, long leaseEpoch) throws SQLException {
        try (PreparedStatement fence = connection.prepareStatement(FENCE)) {
            fence.setString(1, LEASE);
            fence.setString(2, holder);
            fence.setLong(3, leaseEpoch);
            try (ResultSet row = fence.executeQuery()) {
                return row.next();
            }
        }
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

    private static Map<String, String> headers(String json) {
        try {
            return JSonMapper.objectMapper.readValue(json, HEADERS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable message headers: " + json, e);
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is gone: the transaction ended with it
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

    /** Stops after the batch in hand and releases the lease, so another relay may take over at once. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Long held = epoch;
        if (held != null) {
            try {
                leases.release(LEASE, holder, held).block(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                log.warn("outbox relay {} could not release its lease: {}", holder, e.toString());
            }
        }
    }
}
