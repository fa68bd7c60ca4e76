package io.decidr.messaging.webhooks;

import java.net.URI;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The webhooks and their deliveries in PostgreSQL (V8__webhooks.sql). Every read and change of an endpoint is scoped
 * to its tenant: another tenant's id is not found.
 */
public final class WebhookStore {

    private static final String WEBHOOK_COLUMNS = """
            w.id, w.tenant_id, w.url, w.event_types, w.description, w.status, w.created_at, w.created_by,
            w.updated_at, w.updated_by, w.previous_secret_until,
            (SELECT count(*) FROM webhook_delivery d
              WHERE d.webhook_id = w.id AND d.status IN ('PENDING', 'QUEUED')) AS pending,
            (SELECT count(*) FROM webhook_delivery d WHERE d.webhook_id = w.id AND d.status = 'DEAD') AS dead
            """;

    private static final String DELIVERY_COLUMNS = """
            id, webhook_id, message_id, event_type, aggregate_id, body, status, attempts, created_at, next_attempt_at,
            last_attempt_at, last_status, last_error, delivered_at
            """;

    /**
     * The lock of an aggregate's lanes (every endpoint's), held by whoever enqueues, promotes or replays in them, for
     * the rest of the transaction: a lane has one head at most, and none of its rows is left behind unpromoted. The
     * two-key form keeps these locks apart from the relay's single-key lock.
     */
    private static final String LOCK_LANES = "SELECT pg_advisory_xact_lock(" + 0x77686b00 + ", hashtext(?))";

    /**
     * One delivery per live endpoint of the tenant subscribed to the type (by name, its channel's prefix or {@code *}),
     * at most once per endpoint and message whatever redelivers it: the head of its lane when the lane is empty,
     * queued behind it otherwise.
     */
    private static final String ENQUEUE = """
            INSERT INTO webhook_delivery (webhook_id, tenant_id, message_id, event_type, aggregate_id, body, status)
            SELECT w.id, w.tenant_id, ?, ?, ?, ?,
                   CASE WHEN EXISTS (SELECT 1 FROM webhook_delivery p
                                      WHERE p.webhook_id = w.id AND p.aggregate_id = ?
                                        AND p.status IN ('PENDING', 'QUEUED'))
                        THEN 'QUEUED' ELSE 'PENDING' END
              FROM webhook w
             WHERE w.tenant_id = ? AND w.status <> 'DELETED' AND w.event_types && ?::text[]
            ON CONFLICT (webhook_id, message_id) DO NOTHING
            """;

    /** The oldest queued delivery of a lane becomes its head, with a retry period of its own. */
    private static final String PROMOTE = """
            UPDATE webhook_delivery
               SET status = 'PENDING', next_attempt_at = now(), retrying_since = NULL, tries = 0
             WHERE id = (SELECT id FROM webhook_delivery
                          WHERE webhook_id = ? AND aggregate_id = ? AND status = 'QUEUED'
                          ORDER BY id LIMIT 1)
               AND status = 'QUEUED'
            """;

    /**
     * Claims due lane heads of active endpoints (only heads are PENDING: an endpoint receives an aggregate's events in
     * order), at most {@code perEndpoint} in flight per endpoint so that one slow or failing endpoint never holds every
     * sender (each endpoint's oldest due heads, read from its own index range), oldest due first. A claim expires (its worker died): another worker takes the delivery over. The retry
     * period begins with the first claim.
     */
    private static final String CLAIM = """
            WITH in_flight AS (
                SELECT webhook_id, count(*) AS n
                  FROM webhook_delivery
                 WHERE claim IS NOT NULL AND claimed_until > now()
                 GROUP BY webhook_id),
            candidates AS (
                SELECT head.id, head.next_attempt_at
                  FROM webhook w
                  LEFT JOIN in_flight f ON f.webhook_id = w.id
                 CROSS JOIN LATERAL (
                       SELECT d.id, d.next_attempt_at
                         FROM webhook_delivery d
                        WHERE d.webhook_id = w.id AND d.status = 'PENDING' AND d.next_attempt_at <= now()
                          AND (d.claimed_until IS NULL OR d.claimed_until < now())
                        ORDER BY d.next_attempt_at, d.id
                        LIMIT GREATEST(? - COALESCE(f.n, 0), 0)) head
                 WHERE w.status = 'ACTIVE'
                 ORDER BY head.next_attempt_at, head.id
                 LIMIT ?),
            due AS (
                SELECT d.id
                  FROM webhook_delivery d
                  JOIN candidates c ON c.id = d.id
                 WHERE d.status = 'PENDING' AND d.next_attempt_at <= now()
                   AND (d.claimed_until IS NULL OR d.claimed_until < now())
                   FOR UPDATE OF d SKIP LOCKED)
            UPDATE webhook_delivery d
               SET claim = ?, claimed_until = now() + ? * interval '1 millisecond',
                   retrying_since = COALESCE(d.retrying_since, now())
              FROM due, webhook w
             WHERE d.id = due.id AND w.id = d.webhook_id
            RETURNING d.id, d.webhook_id, d.message_id, d.event_type, d.aggregate_id, d.body, d.attempts, d.tries,
                      d.retrying_since, w.url, w.secret,
                      CASE WHEN w.previous_secret_until > now() THEN w.previous_secret END AS previous_secret
            """;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public WebhookStore(DataSource data) {
        this.jdbc = new JdbcTemplate(data);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(data));
        // the lane rules read after taking the lane's lock: each statement must see what was committed before it
        this.transactions.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
    }

    // ---- endpoints ----

    /** A new endpoint, or empty when the tenant has {@code maxPerTenant} live ones already (checked under a lock). */
    public Optional<Webhook> create(UUID tenant, URI url, List<String> eventTypes, String description, String secret,
            String actor, int maxPerTenant) {
        UUID id = UUID.randomUUID();
        Boolean created = transactions.execute(tx -> {
            jdbc.queryForList("SELECT pg_advisory_xact_lock(" + 0x77686b01 + ", hashtext(?))", tenant.toString());
            if (countLive(tenant) >= maxPerTenant) {
                return false;
            }
            jdbc.update("""
                    INSERT INTO webhook (id, tenant_id, url, event_types, description, secret, status, created_at,
                                         created_by, updated_at, updated_by)
                    VALUES (?, ?, ?, ?::text[], ?, ?, 'ACTIVE', now(), ?, now(), ?)
                    """, id, tenant, url.toString(), textArray(eventTypes), description, secret, actor, actor);
            return true;
        });
        return Boolean.TRUE.equals(created) ? find(tenant, id) : Optional.empty();
    }

    /** A live (not deleted) endpoint of the tenant. */
    public Optional<Webhook> find(UUID tenant, UUID id) {
        return jdbc.query("SELECT " + WEBHOOK_COLUMNS + " FROM webhook w WHERE w.id = ? AND w.tenant_id = ?"
                + " AND w.status <> 'DELETED'", WebhookStore::webhook, id, tenant).stream().findFirst();
    }

    /** The tenant's live endpoints, oldest first. */
    public List<Webhook> list(UUID tenant) {
        return jdbc.query("SELECT " + WEBHOOK_COLUMNS + " FROM webhook w WHERE w.tenant_id = ?"
                + " AND w.status <> 'DELETED' ORDER BY w.created_at, w.id", WebhookStore::webhook, tenant);
    }

    public long countLive(UUID tenant) {
        Long count = jdbc.queryForObject("SELECT count(*) FROM webhook WHERE tenant_id = ? AND status <> 'DELETED'",
                Long.class, tenant);
        return count == null ? 0 : count;
    }

    /** Tenants with a live endpoint (what the subscriber enqueues for at all). */
    public Set<UUID> tenantsWithWebhooks() {
        return new HashSet<>(jdbc.queryForList("SELECT DISTINCT tenant_id FROM webhook WHERE status <> 'DELETED'",
                UUID.class));
    }

    /**
     * Pauses or resumes a live endpoint; empty when none. Resuming gives the held lane heads a retry period from now
     * (time spent paused is not time spent retrying).
     */
    public Optional<Webhook> setStatus(UUID tenant, UUID id, Webhook.Status status, String actor) {
        Integer changed = transactions.execute(tx -> {
            int rows = jdbc.update("UPDATE webhook SET status = ?, updated_at = now(), updated_by = ?"
                    + " WHERE id = ? AND tenant_id = ? AND status <> 'DELETED'", status.name(), actor, id, tenant);
            if (rows > 0 && status == Webhook.Status.ACTIVE) {
                jdbc.update("UPDATE webhook_delivery SET retrying_since = NULL, tries = 0, next_attempt_at = now()"
                        + " WHERE webhook_id = ? AND status = 'PENDING'"
                        + " AND (claimed_until IS NULL OR claimed_until < now())", id);
            }
            return rows;
        });
        return changed == null || changed == 0 ? Optional.empty() : find(tenant, id);
    }

    /** Deletes a live endpoint and cancels its pending deliveries; false when none. */
    public boolean delete(UUID tenant, UUID id, String actor) {
        Boolean deleted = transactions.execute(tx -> {
            // the secrets go with it: nothing can be signed with them any more
            int changed = jdbc.update("UPDATE webhook SET status = 'DELETED', secret = '', previous_secret = NULL,"
                    + " previous_secret_until = NULL, updated_at = now(), updated_by = ?"
                    + " WHERE id = ? AND tenant_id = ? AND status <> 'DELETED'", actor, id, tenant);
            if (changed > 0) {
                // rows a worker holds (recording an attempt, handing its lane on) are left to the housekeeping,
                // which cancels whatever a deleted endpoint left: waiting for them could deadlock with that worker
                jdbc.update("UPDATE webhook_delivery SET status = 'CANCELLED', claim = NULL, claimed_until = NULL"
                        + " WHERE id IN (SELECT id FROM webhook_delivery WHERE webhook_id = ?"
                        + " AND status IN ('PENDING', 'QUEUED') FOR UPDATE SKIP LOCKED)", id);
            }
            return changed > 0;
        });
        return Boolean.TRUE.equals(deleted);
    }

    /**
     * Replaces the secret; the replaced one keeps signing deliveries (beside the new one) for {@code keepPrevious},
     * so receivers can switch without losing any. Empty when no such live endpoint.
     */
    public Optional<Webhook> rotate(UUID tenant, UUID id, String secret, Duration keepPrevious, String actor) {
        int changed = jdbc.update("""
                UPDATE webhook
                   SET previous_secret = CASE WHEN ? > 0 THEN secret END,
                       previous_secret_until = CASE WHEN ? > 0 THEN now() + ? * interval '1 millisecond' END,
                       secret = ?, updated_at = now(), updated_by = ?
                 WHERE id = ? AND tenant_id = ? AND status <> 'DELETED'
                """, keepPrevious.toMillis(), keepPrevious.toMillis(), keepPrevious.toMillis(), secret, actor, id,
                tenant);
        return changed == 0 ? Optional.empty() : find(tenant, id);
    }

    // ---- deliveries ----

    /**
     * Enqueues a message for the tenant's subscribed endpoints, through the given template (the Tram handler's, so it
     * commits with the message's "received" record). Answers how many deliveries it added.
     */
    public static int enqueue(JdbcTemplate handlerJdbc, UUID tenant, String messageId, String eventType,
            String channelPrefix, String aggregateId, String body) {
        handlerJdbc.queryForList(LOCK_LANES, aggregateId);
        return handlerJdbc.update(ENQUEUE, messageId, eventType, aggregateId, body, aggregateId, tenant,
                textArray(List.of(eventType, channelPrefix + ".*", "*")));
    }

    /** The endpoint's deliveries, newest first, after the cursor (a delivery id), optionally in one status. */
    public List<WebhookDelivery> deliveries(UUID tenant, UUID webhook, WebhookDelivery.Status status, int limit,
            Long before) {
        List<WebhookDelivery> page = jdbc.query("SELECT " + DELIVERY_COLUMNS + " FROM webhook_delivery"
                        + " WHERE webhook_id = ? AND tenant_id = ? AND (?::text[] IS NULL OR status = ANY (?::text[]))"
                        + " AND id < ? ORDER BY id DESC LIMIT ?", WebhookStore::delivery, webhook, tenant,
                statuses(status), statuses(status),
                before == null ? Long.MAX_VALUE : before, limit);
        return withLogs(page);
    }

    /** One delivery of the tenant, with its attempts. */
    public Optional<WebhookDelivery> delivery(UUID tenant, long id) {
        return withLogs(jdbc.query("SELECT " + DELIVERY_COLUMNS + " FROM webhook_delivery WHERE id = ? AND tenant_id = ?",
                WebhookStore::delivery, id, tenant)).stream().findFirst();
    }

    /**
     * Sends a dead-lettered delivery again, with a new retry period: at once when its lane is empty, else right after
     * the lane's current head (ahead of its aggregate's later events still waiting). Empty when the tenant has no such
     * delivery; the delivery as it is when it was not dead (or its endpoint is deleted).
     */
    public Optional<WebhookDelivery> replay(UUID tenant, long id) {
        transactions.executeWithoutResult(tx -> {
            List<String> lane = jdbc.queryForList("SELECT aggregate_id FROM webhook_delivery WHERE id = ?"
                    + " AND tenant_id = ?", String.class, id, tenant);
            if (lane.isEmpty()) {
                return;
            }
            jdbc.queryForList(LOCK_LANES, lane.getFirst());
            jdbc.update("""
                    UPDATE webhook_delivery d
                       SET status = CASE WHEN EXISTS (SELECT 1 FROM webhook_delivery p
                                                       WHERE p.webhook_id = d.webhook_id
                                                         AND p.aggregate_id = d.aggregate_id
                                                         AND p.status IN ('PENDING', 'QUEUED'))
                                         THEN 'QUEUED' ELSE 'PENDING' END,
                           retrying_since = NULL, tries = 0, next_attempt_at = now(), claim = NULL,
                           claimed_until = NULL
                      FROM webhook w
                     WHERE d.id = ? AND d.tenant_id = ? AND d.status = 'DEAD' AND w.id = d.webhook_id
                       AND w.status <> 'DELETED'
                    """, id, tenant);
        });
        return delivery(tenant, id);
    }

    /** A claimed delivery with what its worker needs to send it. */
    public record Claimed(long id, UUID webhookId, String messageId, String eventType, String aggregateId, String body,
            int attempts, int tries, Instant retryingSince, String url, String secret, String previousSecret,
            UUID claim) {

        /** Never the secrets, nor the body (tenant data), in a log line. */
        @Override
        public String toString() {
            return "Claimed[id=" + id + ", webhookId=" + webhookId + ", eventType=" + eventType + ", attempts="
                    + attempts + "]";
        }
    }

    /**
     * Claims up to {@code limit} due deliveries for {@code lease}, at most {@code perEndpoint} in flight per endpoint
     * (see {@link #CLAIM}).
     */
    public List<Claimed> claim(int limit, int perEndpoint, Duration lease) {
        UUID claim = UUID.randomUUID();
        return jdbc.query(CLAIM, (rs, row) -> new Claimed(rs.getLong("id"), rs.getObject("webhook_id", UUID.class),
                rs.getString("message_id"), rs.getString("event_type"), rs.getString("aggregate_id"),
                rs.getString("body"), rs.getInt("attempts"), rs.getInt("tries"), instant(rs, "retrying_since"),
                rs.getString("url"), rs.getString("secret"), rs.getString("previous_secret"), claim),
                perEndpoint, limit, claim, lease.toMillis());
    }

    /** How an attempt ended for its delivery. */
    public enum Outcome {
        DELIVERED, RETRY, DEAD
    }

    /**
     * Records an attempt and its outcome: delivered, again at {@code nextAttempt} (RETRY), or dead-lettered; a
     * delivered or dead-lettered head hands its lane to the next queued delivery. Nothing when the claim was lost
     * (its time passed and another worker took the delivery over, or the endpoint was deleted meanwhile).
     */
    public void record(Claimed claimed, Instant at, int durationMillis, Integer status, String error, Outcome outcome,
            Instant nextAttempt) {
        transactions.executeWithoutResult(tx -> {
            jdbc.queryForList(LOCK_LANES, claimed.aggregateId());
            int attempt = claimed.attempts() + 1;
            String next = switch (outcome) {
                case DELIVERED -> "DELIVERED";
                case RETRY -> "PENDING";
                case DEAD -> "DEAD";
            };
            int changed = jdbc.update("""
                    UPDATE webhook_delivery
                       SET status = ?, attempts = ?, tries = tries + 1, last_attempt_at = ?, last_status = ?,
                           last_error = ?, next_attempt_at = COALESCE(?, next_attempt_at),
                           delivered_at = CASE WHEN ? THEN now() END, claim = NULL, claimed_until = NULL
                     WHERE id = ? AND claim = ? AND status = 'PENDING'
                    """, next, attempt, Timestamp.from(at), status, error,
                    nextAttempt == null ? null : Timestamp.from(nextAttempt), outcome == Outcome.DELIVERED,
                    claimed.id(), claimed.claim());
            if (changed == 0) {
                return;
            }
            jdbc.update("INSERT INTO webhook_attempt (delivery_id, attempt, at, duration_ms, status, error)"
                    + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", claimed.id(), attempt,
                    Timestamp.from(at), durationMillis, status, error);
            if (outcome != Outcome.RETRY) {
                jdbc.update(PROMOTE, claimed.webhookId(), claimed.aggregateId());
            }
        });
    }

    /**
     * Housekeeping: cancels what is left of deleted endpoints (rows a deletion skipped, or a message enqueued while
     * its endpoint was deleted), forgets expired previous secrets, and deletes delivered, cancelled and dead-lettered
     * deliveries (with their attempts) older than {@code retention}, a thousand per statement. With {@code repair}, it
     * also gives a head to lanes that lost theirs (none should: a safety net, a hundred lanes a time, each under its
     * lock). Answers how many deliveries it deleted.
     */
    public int maintain(Duration retention, boolean repair) {
        jdbc.update("""
                UPDATE webhook_delivery d SET status = 'CANCELLED', claim = NULL, claimed_until = NULL
                  FROM webhook w
                 WHERE w.id = d.webhook_id AND w.status = 'DELETED' AND d.status IN ('PENDING', 'QUEUED')
                   AND (d.claimed_until IS NULL OR d.claimed_until < now())
                """);
        jdbc.update("UPDATE webhook SET previous_secret = NULL, previous_secret_until = NULL"
                + " WHERE previous_secret_until < now()");
        if (repair) {
            List<Map<String, Object>> headless = jdbc.queryForList("""
                    SELECT DISTINCT q.webhook_id, q.aggregate_id
                      FROM webhook_delivery q
                     WHERE q.status = 'QUEUED'
                       AND NOT EXISTS (SELECT 1 FROM webhook_delivery p
                                        WHERE p.webhook_id = q.webhook_id AND p.aggregate_id = q.aggregate_id
                                          AND p.status = 'PENDING')
                     LIMIT 100
                    """);
            for (Map<String, Object> lane : headless) {
                transactions.executeWithoutResult(tx -> {
                    jdbc.queryForList(LOCK_LANES, lane.get("aggregate_id"));
                    Long heads = jdbc.queryForObject("SELECT count(*) FROM webhook_delivery WHERE webhook_id = ?"
                            + " AND aggregate_id = ? AND status = 'PENDING'", Long.class, lane.get("webhook_id"),
                            lane.get("aggregate_id"));
                    if (heads != null && heads == 0) {
                        jdbc.update(PROMOTE, lane.get("webhook_id"), lane.get("aggregate_id"));
                    }
                });
            }
        }
        int deleted = 0;
        int batch;
        do {
            // the outer conditions again: a row replayed meanwhile is not deleted
            batch = jdbc.update("""
                    DELETE FROM webhook_delivery
                     WHERE id IN (SELECT id FROM webhook_delivery
                                   WHERE status IN ('DELIVERED', 'CANCELLED', 'DEAD')
                                     AND created_at < now() - ? * interval '1 millisecond'
                                   LIMIT 1000)
                       AND status IN ('DELIVERED', 'CANCELLED', 'DEAD')
                       AND created_at < now() - ? * interval '1 millisecond'
                    """, retention.toMillis(), retention.toMillis());
            deleted += batch;
        } while (batch == 1000);
        return deleted;
    }

    // ---- rows ----

    private List<WebhookDelivery> withLogs(List<WebhookDelivery> deliveries) {
        if (deliveries.isEmpty()) {
            return deliveries;
        }
        Map<Long, List<WebhookDelivery.Attempt>> logs = new LinkedHashMap<>();
        deliveries.forEach(d -> logs.put(d.id(), new ArrayList<>()));
        jdbc.query("SELECT delivery_id, attempt, at, duration_ms, status, error FROM webhook_attempt"
                + " WHERE delivery_id = ANY (?::bigint[]) ORDER BY delivery_id, attempt", rs -> {
                    logs.get(rs.getLong("delivery_id")).add(new WebhookDelivery.Attempt(rs.getInt("attempt"),
                            instant(rs, "at"), rs.getInt("duration_ms"), (Integer) rs.getObject("status"),
                            rs.getString("error")));
                }, "{" + String.join(",", logs.keySet().stream().map(String::valueOf).toList()) + "}");
        return deliveries.stream().map(d -> d.withLog(logs.get(d.id()))).toList();
    }

    /** The stored statuses a shown one covers (a queued delivery is shown as pending), as a text[] literal. */
    private static String statuses(WebhookDelivery.Status status) {
        if (status == null) {
            return null;
        }
        return status == WebhookDelivery.Status.PENDING ? "{PENDING,QUEUED}" : "{" + status.name() + "}";
    }

    private static Webhook webhook(ResultSet rs, int row) throws SQLException {
        Array types = rs.getArray("event_types");
        return new Webhook(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                rs.getString("url"), Arrays.asList((String[]) types.getArray()), rs.getString("description"),
                Webhook.Status.valueOf(rs.getString("status")), instant(rs, "created_at"), rs.getString("created_by"),
                instant(rs, "updated_at"), rs.getString("updated_by"), instant(rs, "previous_secret_until"),
                rs.getLong("pending"), rs.getLong("dead"));
    }

    private static WebhookDelivery delivery(ResultSet rs, int row) throws SQLException {
        return new WebhookDelivery(rs.getLong("id"), rs.getObject("webhook_id", UUID.class),
                rs.getString("message_id"), rs.getString("event_type"), rs.getString("aggregate_id"),
                rs.getString("body"), shown(rs.getString("status")), rs.getInt("attempts"),
                instant(rs, "created_at"), instant(rs, "next_attempt_at"), instant(rs, "last_attempt_at"),
                (Integer) rs.getObject("last_status"), rs.getString("last_error"), instant(rs, "delivered_at"),
                List.of());
    }

    /** Queued behind its lane's head is pending too, as users see it. */
    private static WebhookDelivery.Status shown(String stored) {
        return stored.equals("QUEUED") ? WebhookDelivery.Status.PENDING : WebhookDelivery.Status.valueOf(stored);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp time = rs.getTimestamp(column);
        return time == null ? null : time.toInstant();
    }

    /** A PostgreSQL text[] literal (names checked on the way in: no quotes or commas need escaping). */
    private static String textArray(List<String> values) {
        return "{" + String.join(",", values.stream().map(v -> "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\"").toList()) + "}";
    }
}
