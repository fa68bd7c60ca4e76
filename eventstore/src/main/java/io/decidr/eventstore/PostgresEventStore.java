package io.decidr.eventstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Statement;
import io.decidr.eventstore.personal.NewKey;
import io.decidr.eventstore.personal.PersonalDataUnavailableException;
import io.decidr.eventstore.personal.SubjectHasKeyException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The append-only event log in PostgreSQL, over r2dbc.
 *
 * <p>An append is one SQL statement (so one round trip and one implicit transaction): it checks the
 * expected version, records the command id, inserts every event and the integration messages they publish (the
 * outbox). Either all of it commits or none.
 *
 * <p>Longer than our other files on purpose: every statement of the log sits here beside the comment that says what
 * each part of it guarantees, so the store's whole contract is reviewed in one place. Nothing here knows an
 * aggregate's JSON (that query is {@link PostgresCollectionMembership}'s).
 */
public final class PostgresEventStore implements EventStore {

    /*
     * The outbox rows of the appended events that publish a message (ev: the events with their publication columns,
     * appended: event_id and global_position of each event written), in Eventuate Tram's format (see V7__outbox.sql).
     * Part of the append's statement: the message commits or rolls back with its event.
     */
    private static final String OUTBOX = """
            outbox AS (
                INSERT INTO eventuate.message (id, destination, headers, payload, published, creation_time)
                SELECT m.id, e.pub_aggregate_type,
                       jsonb_build_object(
                           'ID', m.id,
                           'DESTINATION', e.pub_aggregate_type,
                           'PARTITION_ID', e.pub_aggregate_id,
                           'DATE', to_char(now() AT TIME ZONE 'UTC', 'Dy, FMDD Mon YYYY HH24:MI:SS "GMT"'),
                           'event-aggregate-type', e.pub_aggregate_type,
                           'event-aggregate-id', e.pub_aggregate_id,
                           'event-type', e.pub_type)::text,
                       e.pub_payload, 0, (extract(epoch FROM now()) * 1000)::bigint
                FROM appended a
                JOIN ev e ON e.event_id = a.event_id
                CROSS JOIN LATERAL (SELECT lpad(to_hex(a.global_position), 16, '0') || '-' || a.event_id AS id) m
                WHERE e.pub_type IS NOT NULL
                ORDER BY a.global_position
                RETURNING 1
            )
            """;

    /*
     * guard:    the stream is still at the version the events were decided on
     * nk:       the new data keys the events' personal values are sealed with (mostly none)
     * free:     none of their subjects has a key row yet (a key, or an erasure)
     * cmd:      the command id is new (a repeat finds the first row and inserts nothing)
     * keys:     the new keys, when the command is recorded (so with its events, in the same commit)
     * appended: the events, numbered expectedVersion+1.. in order
     * outbox:   each appended event's integration message, if it publishes one (OUTBOX)
     * Two writers that both pass the guard collide on unique(stream_id, stream_version); two that bring a key for one
     * subject, on unique(tenant_id, subject_id) of subject_key.
     * An append without new keys (nearly all) leaves out nk, free and keys: it never touches the key table, so that
     * whatever happens to that table, writes without personal values go on.
     */
    private static final String APPEND = append(false);
    private static final String APPEND_KEYED = append(true);

    private static String append(boolean keyed) {
        return """
            WITH guard AS (
                SELECT coalesce(max(stream_version), 0) = $3 AS ok FROM events WHERE stream_id = $2
            ), """ + (!keyed ? "" : """
            nk AS (
                SELECT * FROM unnest($16::uuid[], $17::uuid[], $18::text[], $19::text[])
                     AS k(subject_id, key_id, master_key, wrapped)
            ), free AS (
                SELECT NOT EXISTS (SELECT 1 FROM nk JOIN subject_key s ON s.tenant_id = $1 AND s.subject_id = nk.subject_id)
                       AS ok
            ), """) + """
            cmd AS (
                INSERT INTO commands (scope, command_id, stream_id, from_version, to_version)
                SELECT $4, $5, $2, $3, $3 + $6 FROM guard""" + (keyed ? ", free WHERE guard.ok AND free.ok" : " WHERE guard.ok")
                + """

                ON CONFLICT (scope, command_id) DO NOTHING
                RETURNING 1
            ), """ + (!keyed ? "" : """
            keys AS (
                INSERT INTO subject_key (key_id, tenant_id, subject_id, master_key, wrapped)
                SELECT nk.key_id, $1, nk.subject_id, nk.master_key, decode(nk.wrapped, 'base64')
                FROM nk
                WHERE EXISTS (SELECT 1 FROM cmd)
                RETURNING 1
            ), """) + """
            ev AS (
                SELECT * FROM unnest($7::uuid[], $8::text[], $9::int[], $10::text[],
                                     $12::text[], $13::text[], $14::text[], $15::text[])
                     WITH ORDINALITY AS e(event_id, event_type, schema_version, data,
                                          pub_aggregate_type, pub_aggregate_id, pub_type, pub_payload, ord)
            ), appended AS (
                INSERT INTO events (tenant_id, stream_id, stream_version, event_id, event_type, schema_version, data, metadata)
                SELECT $1, $2, $3 + e.ord, e.event_id, e.event_type, e.schema_version, e.data::jsonb, $11
                FROM ev e
                WHERE EXISTS (SELECT 1 FROM cmd)
                ORDER BY e.ord
                RETURNING event_id, global_position
            ), """ + OUTBOX + """
            SELECT (SELECT ok FROM guard) AS version_ok,
                   """ + (keyed ? "(SELECT ok FROM free)" : "true") + """
             AS keys_free,
                   (SELECT count(*) FROM cmd) AS command_recorded,
                   (SELECT max(global_position) FROM appended) AS last_position,
                   pg_current_xact_id()::text AS tx
            """;
    }

    /*
     * APPEND for many streams at once (one statement, one transaction, one commit): request i is appended exactly as
     * APPEND would append it alone, and its row says what happened to it.
     * req:      the requests; their events (and new keys: nk) come as parallel arrays tagged with the request's index
     * guard:    each stream is still at the version its events were decided on, and none of its new keys' subjects
     *           has a key row yet
     * cmd:      each command id is new
     * keys:     the new keys of the requests whose command is recorded
     * appended: the events of the requests that passed all three, in request order
     * outbox:   each appended event's integration message, if it publishes one (OUTBOX)
     * Two writers that both pass a guard still collide on unique(stream_id, stream_version) (or on a subject's key):
     * the whole statement then fails and each request is appended alone (appendAll).
     * As with APPEND, a statement without new keys leaves nk and keys out and never touches the key table.
     */
    private static final String APPEND_ALL = appendAll(false);
    private static final String APPEND_ALL_KEYED = appendAll(true);

    private static String appendAll(boolean keyed) {
        return """
            WITH req AS (
                SELECT * FROM unnest($1::int[], $2::uuid[], $3::text[], $4::bigint[], $5::text[], $6::uuid[],
                                     $7::bigint[], $8::text[])
                       AS r(i, tenant_id, stream_id, expected, scope, command_id, n, metadata)
            ), """ + (!keyed ? "" : """
            nk AS (
                SELECT * FROM unnest($19::int[], $20::uuid[], $21::uuid[], $22::text[], $23::text[])
                       AS k(i, subject_id, key_id, master_key, wrapped)
            ), """) + """
            guard AS (
                SELECT r.i, coalesce((SELECT max(e.stream_version) FROM events e WHERE e.stream_id = r.stream_id), 0)
                            = r.expected AS ok,
            """ + (!keyed ? "true" : """
                       NOT EXISTS (SELECT 1 FROM nk JOIN subject_key s
                                       ON s.tenant_id = r.tenant_id AND s.subject_id = nk.subject_id
                                   WHERE nk.i = r.i)""") + """
             AS keys_free
                FROM req r
            ), cmd AS (
                INSERT INTO commands (scope, command_id, stream_id, from_version, to_version)
                SELECT r.scope, r.command_id, r.stream_id, r.expected, r.expected + r.n
                FROM req r JOIN guard g ON g.i = r.i
                WHERE g.ok AND g.keys_free
                ORDER BY r.i
                ON CONFLICT (scope, command_id) DO NOTHING
                RETURNING scope, command_id, stream_id
            ), """ + (!keyed ? "" : """
            keys AS (
                INSERT INTO subject_key (key_id, tenant_id, subject_id, master_key, wrapped)
                SELECT k.key_id, r.tenant_id, k.subject_id, k.master_key, decode(k.wrapped, 'base64')
                FROM nk k JOIN req r ON r.i = k.i
                WHERE EXISTS (SELECT 1 FROM cmd c
                              WHERE c.scope = r.scope AND c.command_id = r.command_id AND c.stream_id = r.stream_id)
                RETURNING 1
            ), """) + """
            ev AS (
                SELECT * FROM unnest($9::int[], $10::int[], $11::uuid[], $12::text[], $13::int[], $14::text[],
                                     $15::text[], $16::text[], $17::text[], $18::text[])
                     AS e(i, ord, event_id, event_type, schema_version, data,
                          pub_aggregate_type, pub_aggregate_id, pub_type, pub_payload)
            ), appended AS (
                INSERT INTO events (tenant_id, stream_id, stream_version, event_id, event_type, schema_version, data, metadata)
                SELECT r.tenant_id, r.stream_id, r.expected + e.ord, e.event_id, e.event_type, e.schema_version,
                       e.data::jsonb, r.metadata::jsonb
                FROM ev e
                JOIN req r ON r.i = e.i
                WHERE EXISTS (SELECT 1 FROM cmd c
                              WHERE c.scope = r.scope AND c.command_id = r.command_id AND c.stream_id = r.stream_id)
                ORDER BY e.i, e.ord
                RETURNING stream_id, event_id, global_position
            ), """ + OUTBOX + """
            SELECT r.i,
                   g.ok AS version_ok,
                   g.keys_free,
                   EXISTS (SELECT 1 FROM cmd c
                           WHERE c.scope = r.scope AND c.command_id = r.command_id AND c.stream_id = r.stream_id)
                       AS command_recorded,
                   (SELECT max(a.global_position) FROM appended a WHERE a.stream_id = r.stream_id) AS last_position,
                   pg_current_xact_id()::text AS tx
            FROM req r JOIN guard g ON g.i = r.i
            ORDER BY r.i
            """;
    }

    private static final String FIND_COMMAND = """
            SELECT stream_id, from_version, to_version FROM commands WHERE scope = $1 AND command_id = $2
            """;

    // The text form of tx must not be called "tx": ORDER BY tx would then sort by the text ("10000" < "9999").
    private static final String EVENT_COLUMNS = """
            tx::text AS tx_text, global_position, tenant_id, stream_id, stream_version, event_id, event_type,
            schema_version, data::text AS data, metadata::text AS metadata, recorded_at
            """;

    private static final String READ_STREAM = "SELECT " + EVENT_COLUMNS + """
            FROM events WHERE stream_id = $1 AND stream_version >= $2 ORDER BY stream_version LIMIT $3
            """;

    // Only transactions older than every one still running: none of them can still commit below us.
    private static final String READ_ALL = "SELECT " + EVENT_COLUMNS + """
            FROM events
            WHERE (tx, global_position) > ($1::text::xid8, $2)
              AND tx < pg_snapshot_xmin(pg_current_snapshot())
            ORDER BY events.tx, events.global_position
            LIMIT $3
            """;

    private static final String HAS_UNCOMMITTED_AFTER = """
            SELECT EXISTS (SELECT 1 FROM events WHERE tx >= pg_snapshot_xmin(pg_current_snapshot())) AS blocked
            """;

    private static final String COUNT_AFTER = """
            SELECT count(*) AS behind FROM (
                SELECT 1 FROM events WHERE (tx, global_position) > ($1::text::xid8, $2) LIMIT $3
            ) AS pending
            """;

    private static final String OLDEST_AFTER = """
            SELECT recorded_at FROM events
            WHERE (tx, global_position) > ($1::text::xid8, $2)
              AND tx < pg_snapshot_xmin(pg_current_snapshot())
            ORDER BY tx, global_position
            LIMIT 1
            """;

    private static final String CHECKPOINT_OF = """
            SELECT tx::text AS tx, global_position FROM events WHERE stream_id = $1 AND stream_version = $2
            """;

    private static final String LOAD_SNAPSHOT = """
            SELECT stream_version, schema_version, state::text AS state FROM snapshots WHERE stream_id = $1
            """;

    private static final String SAVE_SNAPSHOT = """
            INSERT INTO snapshots (stream_id, tenant_id, stream_version, schema_version, state)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (stream_id) DO UPDATE
               SET stream_version = excluded.stream_version, schema_version = excluded.schema_version,
                   state = excluded.state, recorded_at = now()
             WHERE snapshots.stream_version < excluded.stream_version
                OR snapshots.schema_version <> excluded.schema_version
            """;

    private static final int STREAM_PAGE = 1_000;

    private final ConnectionFactory connections;
    private final ObjectMapper json = new ObjectMapper();

    public PostgresEventStore(ConnectionFactory connections) {
        this.connections = Objects.requireNonNull(connections, "connections");
    }

    /** The connections it reads and appends through (for stores beside the log in the same database). */
    public ConnectionFactory connections() {
        return connections;
    }

    /**
     * Appends the events if the stream is still at the expected version and the command id is new.
     *
     * @return the versions written, or those of the first time for a command id seen before
     *         ({@link AppendResult#duplicate()}); fails with {@link WrongExpectedVersionException} when
     *         another writer got there first
     */
    @Override
    public Mono<AppendResult> append(AppendRequest request) {
        return Flux.usingWhen(connections.create(), c -> append(c, request), Connection::close).single();
    }

    /**
     * The append on a given connection, in whatever transaction it has open (tests use this to hold a
     * transaction open before committing or rolling back).
     */
    Mono<AppendResult> append(Connection connection, AppendRequest request) {
        int n = request.events().size();
        UUID[] ids = new UUID[n];
        String[] types = new String[n];
        Integer[] versions = new Integer[n];
        String[] data = new String[n];
        Publications publications = new Publications(n);
        for (int i = 0; i < n; i++) {
            NewEvent event = request.events().get(i);
            ids[i] = event.eventId();
            types[i] = event.type();
            versions[i] = event.schemaVersion();
            data[i] = event.data();
            publications.set(i, event.publication());
        }
        Json metadata = Json.of(encode(request.metadata()));
        boolean keyed = !request.keys().isEmpty();
        Statement statement = connection.createStatement(keyed ? APPEND_KEYED : APPEND);
        if (keyed) {
            NewKeys keys = new NewKeys(request.keys().size());
            for (int i = 0; i < request.keys().size(); i++) {
                keys.set(i, null, request.keys().get(i));
            }
            statement.bind(15, keys.subjects).bind(16, keys.keyIds).bind(17, keys.masterKeys).bind(18, keys.wrapped);
        }
        return Flux.from(statement
                        .bind(0, request.tenantId())
                        .bind(1, request.stream().value())
                        .bind(2, request.expectedVersion())
                        .bind(3, request.scope())
                        .bind(4, request.metadata().commandId())
                        .bind(5, (long) n)
                        .bind(6, ids)
                        .bind(7, types)
                        .bind(8, versions)
                        .bind(9, data)
                        .bind(10, metadata)
                        .bind(11, publications.aggregateTypes)
                        .bind(12, publications.aggregateIds)
                        .bind(13, publications.types)
                        .bind(14, publications.payloads)
                        .execute())
                .flatMap(result -> result.map(row -> {
                    Long lastPosition = row.get("last_position", Long.class);
                    return new AppendOutcome(
                            Boolean.TRUE.equals(row.get("version_ok", Boolean.class)),
                            !Boolean.FALSE.equals(row.get("keys_free", Boolean.class)),
                            row.get("command_recorded", Long.class) > 0,
                            lastPosition == null ? null
                                    : new Checkpoint(Long.parseUnsignedLong(row.get("tx", String.class)), lastPosition));
                }))
                .single()
                .onErrorResume(R2dbcDataIntegrityViolationException.class, e -> Mono.just(AppendOutcome.RACED))
                .onErrorMap(e -> keyed && keyTableRefused(e), e -> new PersonalDataUnavailableException(
                        "the personal data key store cannot be written now: the append was not made", e))
                .flatMap(outcome -> result(request, outcome));
    }

    /**
     * The statement was refused for a table it names (missing: 42P01, a column missing: 42703, not writable: 42501):
     * nothing of it ran, and with new keys that is the key table, which the same statement without them never names.
     */
    private static boolean keyTableRefused(Throwable e) {
        return e instanceof R2dbcException sql
                && ("42P01".equals(sql.getSqlState()) || "42703".equals(sql.getSqlState())
                        || "42501".equals(sql.getSqlState()));
    }

    /**
     * Appends every request in one statement and one transaction, answering each as {@link #append} would have
     * answered it alone: one commit for many commands. The requests must name different streams (two requests of
     * one stream would each be checked against the version before the statement). When another writer got to one of
     * the streams first, so that the statement as a whole fails, each request is appended alone instead; a failure
     * that leaves the outcome unknown (e.g. a lost connection) fails every request.
     */
    @Override
    public Mono<List<AppendAnswer>> appendAll(List<AppendRequest> requests) {
        if (requests.isEmpty()) {
            return Mono.just(List.of());
        }
        if (requests.size() == 1) {
            AppendRequest only = requests.getFirst();
            return append(only).map(result -> AppendAnswer.of(only, result))
                    .onErrorResume(PostgresEventStore::refused, e -> Mono.just(AppendAnswer.failed(only, (RuntimeException) e)))
                    .map(List::of);
        }
        boolean keyed = requests.stream().anyMatch(request -> !request.keys().isEmpty());
        return Flux.usingWhen(connections.create(), c -> appendAll(c, requests), Connection::close)
                .collectList()
                .map(Optional::of)
                // the statement raced, or the key table refused one with new keys (nothing of it ran either way)
                .onErrorResume(e -> e instanceof R2dbcDataIntegrityViolationException || (keyed && keyTableRefused(e)),
                        failed -> Mono.just(Optional.empty()))
                .flatMap(rows -> rows.isPresent()
                        ? Flux.fromIterable(rows.get())
                                .concatMap(row -> answer(requests.get(row.index()), row.outcome()))
                                .collectList()
                        // each request alone, answered alone
                        : Flux.fromIterable(requests)
                                .concatMap(request -> append(request).map(result -> AppendAnswer.of(request, result))
                                        .onErrorResume(PostgresEventStore::refused,
                                                e -> Mono.just(AppendAnswer.failed(request, (RuntimeException) e))))
                                .collectList());
    }

    private Flux<IndexedOutcome> appendAll(Connection connection, List<AppendRequest> requests) {
        int count = requests.size();
        Integer[] index = new Integer[count];
        UUID[] tenants = new UUID[count];
        String[] streams = new String[count];
        Long[] expected = new Long[count];
        String[] scopes = new String[count];
        UUID[] commandIds = new UUID[count];
        Long[] sizes = new Long[count];
        String[] metadata = new String[count];
        int events = requests.stream().mapToInt(request -> request.events().size()).sum();
        Integer[] eventRequest = new Integer[events];
        Integer[] ordinal = new Integer[events];
        UUID[] eventIds = new UUID[events];
        String[] types = new String[events];
        Integer[] versions = new Integer[events];
        String[] data = new String[events];
        Publications publications = new Publications(events);
        NewKeys keys = new NewKeys(requests.stream().mapToInt(request -> request.keys().size()).sum());
        int e = 0;
        int kk = 0;
        for (int i = 0; i < count; i++) {
            AppendRequest request = requests.get(i);
            index[i] = i;
            tenants[i] = request.tenantId();
            streams[i] = request.stream().value();
            expected[i] = request.expectedVersion();
            scopes[i] = request.scope();
            commandIds[i] = request.metadata().commandId();
            sizes[i] = (long) request.events().size();
            metadata[i] = encode(request.metadata());
            for (int k = 0; k < request.events().size(); k++, e++) {
                NewEvent event = request.events().get(k);
                eventRequest[e] = i;
                ordinal[e] = k + 1;
                eventIds[e] = event.eventId();
                types[e] = event.type();
                versions[e] = event.schemaVersion();
                data[e] = event.data();
                publications.set(e, event.publication());
            }
            for (NewKey key : request.keys()) {
                keys.set(kk++, i, key);
            }
        }
        Statement statement = connection.createStatement(keys.requests.length > 0 ? APPEND_ALL_KEYED : APPEND_ALL);
        if (keys.requests.length > 0) {
            statement.bind(18, keys.requests).bind(19, keys.subjects).bind(20, keys.keyIds)
                    .bind(21, keys.masterKeys).bind(22, keys.wrapped);
        }
        return Flux.from(statement
                        .bind(0, index).bind(1, tenants).bind(2, streams).bind(3, expected).bind(4, scopes)
                        .bind(5, commandIds).bind(6, sizes).bind(7, metadata)
                        .bind(8, eventRequest).bind(9, ordinal).bind(10, eventIds).bind(11, types).bind(12, versions)
                        .bind(13, data)
                        .bind(14, publications.aggregateTypes).bind(15, publications.aggregateIds)
                        .bind(16, publications.types).bind(17, publications.payloads)
                        .execute())
                .flatMap(result -> result.map(row -> new IndexedOutcome(row.get("i", Integer.class), outcome(row))));
    }

    private static AppendOutcome outcome(Readable row) {
        Long lastPosition = row.get("last_position", Long.class);
        return new AppendOutcome(
                Boolean.TRUE.equals(row.get("version_ok", Boolean.class)),
                !Boolean.FALSE.equals(row.get("keys_free", Boolean.class)),
                Boolean.TRUE.equals(row.get("command_recorded", Boolean.class)),
                lastPosition == null ? null
                        : new Checkpoint(Long.parseUnsignedLong(row.get("tx", String.class)), lastPosition));
    }

    /** A request's answer from what the statement did with it. */
    private Mono<AppendAnswer> answer(AppendRequest request, AppendOutcome outcome) {
        return result(request, outcome).map(result -> AppendAnswer.of(request, result))
                .onErrorResume(PostgresEventStore::refused, e -> Mono.just(AppendAnswer.failed(request, (RuntimeException) e)));
    }

    /** A request's own failure (the others of its statement unaffected): another writer first, or a subject's key. */
    private static boolean refused(Throwable e) {
        return e instanceof WrongExpectedVersionException || e instanceof SubjectHasKeyException
                || e instanceof PersonalDataUnavailableException;
    }

    private Mono<AppendResult> result(AppendRequest request, AppendOutcome outcome) {
        if (outcome.commandRecorded()) {
            return Mono.just(new AppendResult(request.stream(), request.expectedVersion(),
                    request.expectedVersion() + request.events().size(), false, outcome.last()));
        }
        // Not written: either the command id is known (then that is the answer), a new key's subject had one, or the
        // version moved.
        return findCommand(request.scope(), request.metadata().commandId())
                .switchIfEmpty(Mono.error(() -> outcome.versionOk() && !outcome.keysFree()
                        ? new SubjectHasKeyException(request.stream().value())
                        : new WrongExpectedVersionException(request.stream(), request.expectedVersion())));
    }

    /** The outcome of a command id handled before, if any. */
    @Override
    public Mono<AppendResult> findCommand(String scope, UUID commandId) {
        return withConnection(c -> c.createStatement(FIND_COMMAND).bind(0, scope).bind(1, commandId).execute(),
                row -> new AppendResult(
                        new StreamId(row.get("stream_id", String.class)),
                        row.get("from_version", Long.class),
                        row.get("to_version", Long.class),
                        true))
                .next();
    }

    /** The stream's events from {@code fromVersion} on, in version order. */
    @Override
    public Flux<RecordedEvent> readStream(StreamId stream, long fromVersion) {
        return readStreamPage(stream, fromVersion)
                .expand(page -> page.size() < STREAM_PAGE
                        ? Mono.empty()
                        : readStreamPage(stream, page.getLast().streamVersion() + 1))
                .flatMapIterable(Function.identity());
    }

    private Mono<List<RecordedEvent>> readStreamPage(StreamId stream, long fromVersion) {
        return readStream(stream, fromVersion, STREAM_PAGE);
    }

    /** At most {@code limit} of the stream's events from {@code fromVersion} on, in version order. */
    @Override
    public Mono<List<RecordedEvent>> readStream(StreamId stream, long fromVersion, int limit) {
        return withConnection(c -> c.createStatement(READ_STREAM)
                        .bind(0, stream.value()).bind(1, fromVersion).bind(2, limit).execute(),
                PostgresEventStore::toRecordedEvent)
                .collectList();
    }

    /**
     * Up to {@code limit} events after the checkpoint in commit-safe order. An empty answer means "nothing
     * committed yet"; see {@link #hasUncommittedEvents()} to tell whether a transaction is still open.
     */
    @Override
    public Mono<List<RecordedEvent>> readAll(Checkpoint after, int limit) {
        return withConnection(c -> c.createStatement(READ_ALL)
                        .bind(0, Long.toUnsignedString(after.tx()))
                        .bind(1, after.position())
                        .bind(2, limit)
                        .execute(),
                PostgresEventStore::toRecordedEvent)
                .collectList();
    }

    /**
     * True while some transaction that wrote events is still in progress (or just finished and is not yet
     * below every snapshot's horizon): readers should look again soon rather than wait for a notification.
     */
    @Override
    public Mono<Boolean> hasUncommittedEvents() {
        return withConnection(c -> c.createStatement(HAS_UNCOMMITTED_AFTER).execute(),
                row -> Boolean.TRUE.equals(row.get("blocked", Boolean.class)))
                .single();
    }

    /** How many events lie after the checkpoint, counting no further than {@code cap}. */
    @Override
    public Mono<Long> countAfter(Checkpoint after, long cap) {
        return withConnection(c -> c.createStatement(COUNT_AFTER)
                        .bind(0, Long.toUnsignedString(after.tx())).bind(1, after.position()).bind(2, cap).execute(),
                row -> row.get("behind", Long.class))
                .single();
    }

    /** When the first committed event after the checkpoint was recorded; empty when there is none. */
    @Override
    public Mono<Instant> oldestAfter(Checkpoint after) {
        return withConnection(c -> c.createStatement(OLDEST_AFTER)
                        .bind(0, Long.toUnsignedString(after.tx())).bind(1, after.position()).execute(),
                row -> row.get("recorded_at", OffsetDateTime.class).toInstant())
                .next();
    }

    /** Where an event of a stream stands in {@code $all}; empty when the stream has no such version. */
    @Override
    public Mono<Checkpoint> checkpointOf(StreamId stream, long version) {
        return withConnection(c -> c.createStatement(CHECKPOINT_OF).bind(0, stream.value()).bind(1, version).execute(),
                row -> new Checkpoint(Long.parseUnsignedLong(row.get("tx", String.class)), row.get("global_position", Long.class)))
                .next();
    }

    /** The stream's snapshot, whatever its schema version. */
    @Override
    public Mono<StoredSnapshot> loadSnapshot(StreamId stream) {
        return withConnection(c -> c.createStatement(LOAD_SNAPSHOT).bind(0, stream.value()).execute(),
                row -> new StoredSnapshot(
                        stream,
                        row.get("stream_version", Long.class),
                        row.get("schema_version", Integer.class),
                        row.get("state", String.class)))
                .next();
    }

    /** Stores the snapshot unless a newer one of the same schema version is already there. */
    @Override
    public Mono<Void> saveSnapshot(UUID tenantId, StoredSnapshot snapshot) {
        return withConnection(c -> c.createStatement(SAVE_SNAPSHOT)
                        .bind(0, snapshot.stream().value())
                        .bind(1, tenantId)
                        .bind(2, snapshot.version())
                        .bind(3, snapshot.schemaVersion())
                        .bind(4, Json.of(snapshot.state()))
                        .execute(),
                row -> 1)
                .then();
    }

    private <T> Flux<T> withConnection(
            Function<Connection, Publisher<? extends io.r2dbc.spi.Result>> statement, Function<Readable, T> mapper) {
        return Flux.usingWhen(
                connections.create(),
                c -> Flux.from(statement.apply(c)).flatMap(result -> result.map(mapper::apply)),
                Connection::close);
    }

    private static RecordedEvent toRecordedEvent(Readable row) {
        return new RecordedEvent(
                new Checkpoint(Long.parseUnsignedLong(row.get("tx_text", String.class)), row.get("global_position", Long.class)),
                row.get("tenant_id", UUID.class),
                new StreamId(row.get("stream_id", String.class)),
                row.get("stream_version", Long.class),
                row.get("event_id", UUID.class),
                row.get("event_type", String.class),
                row.get("schema_version", Integer.class),
                row.get("data", String.class),
                row.get("metadata", String.class),
                row.get("recorded_at", OffsetDateTime.class).toInstant());
    }

    private String encode(EventMetadata metadata) {
        try {
            return json.writeValueAsString(metadata);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("metadata is not serializable", e);
        }
    }

    /** The publication columns of a statement's events, parallel to its event arrays (nulls where none). */
    private static final class Publications {
        final String[] aggregateTypes;
        final String[] aggregateIds;
        final String[] types;
        final String[] payloads;

        Publications(int events) {
            aggregateTypes = new String[events];
            aggregateIds = new String[events];
            types = new String[events];
            payloads = new String[events];
        }

        void set(int i, Publication publication) {
            if (publication != null) {
                aggregateTypes[i] = publication.aggregateType();
                aggregateIds[i] = publication.aggregateId();
                types[i] = publication.eventType();
                payloads[i] = publication.payload();
            }
        }
    }

    private record AppendOutcome(boolean versionOk, boolean keysFree, boolean commandRecorded, Checkpoint last) {
        static final AppendOutcome RACED = new AppendOutcome(false, true, false, null);
    }

    /** The new keys of one statement as parallel arrays (wrapped keys in Base64), each tagged with its request. */
    private static final class NewKeys {
        final Integer[] requests;
        final UUID[] subjects;
        final UUID[] keyIds;
        final String[] masterKeys;
        final String[] wrapped;

        NewKeys(int n) {
            requests = new Integer[n];
            subjects = new UUID[n];
            keyIds = new UUID[n];
            masterKeys = new String[n];
            wrapped = new String[n];
        }

        void set(int i, Integer request, NewKey key) {
            requests[i] = request;
            subjects[i] = key.subject();
            keyIds[i] = key.key().id();
            masterKeys[i] = key.masterKeyId();
            wrapped[i] = Base64.getEncoder().encodeToString(key.wrapped());
        }
    }

    private record IndexedOutcome(int index, AppendOutcome outcome) {
    }

}
