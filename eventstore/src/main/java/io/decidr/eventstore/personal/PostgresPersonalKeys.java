package io.decidr.eventstore.personal;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Statement;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import javax.crypto.spec.SecretKeySpec;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Data keys in PostgreSQL ({@code subject_key}), wrapped by a {@link MasterKey}. Unwrapped keys are kept in memory for
 * {@code cacheFor} at most: an erasure in this process drops them at once, one in another process is seen here within
 * that time. A key store that cannot be read answers {@link PersonalDataUnavailableException}.
 */
public final class PostgresPersonalKeys implements PersonalKeys {

    private static final int MAX_CACHED = 50_000;
    /** How long a key kept in memory may seal new values (see {@link #keyFor}) or open them for projectors. */
    static final Duration SEALING_CACHE = Duration.ofMinutes(10);

    private static final String SELECT_SUBJECT = """
            SELECT key_id, subject_id, master_key, wrapped, erased_at FROM subject_key WHERE tenant_id = $1 AND subject_id = $2""";
    /**
     * A new key commits without waiting for its WAL flush (synchronous_commit off for this statement's transaction
     * only): nothing sealed with it can commit before it, and that commit (in the same database: the key table lives
     * beside the events) flushes the WAL up to itself, so the key is durable (and replicated) whenever anything that
     * needs it is. A crash may lose a key nothing used yet.
     */
    private static final String INSERT_KEY = """
            INSERT INTO subject_key (key_id, tenant_id, subject_id, master_key, wrapped)
            SELECT $1, $2, $3, $4, $5 FROM (SELECT set_config('synchronous_commit', 'off', true)) AS no_wait
            ON CONFLICT (tenant_id, subject_id) DO NOTHING""";
    private static final String SELECT_KEYS = """
            SELECT key_id, subject_id, master_key, wrapped, erased_at FROM subject_key
            WHERE tenant_id = $1 AND key_id = ANY($2) AND wrapped IS NOT NULL""";
    /**
     * One statement, so that a key being created meanwhile cannot slip between a look and a write: a subject without a
     * row gets an erased one (it never gets a key), one with a key loses it; an erased one is left as it was.
     */
    private static final String ERASE = """
            INSERT INTO subject_key (key_id, tenant_id, subject_id, erased_at, erased_by, erase_reason)
            VALUES ($1, $2, $3, now(), $4, $5)
            ON CONFLICT (tenant_id, subject_id) DO UPDATE
                SET wrapped = NULL, erased_at = now(), erased_by = EXCLUDED.erased_by, erase_reason = EXCLUDED.erase_reason
                WHERE subject_key.erased_at IS NULL""";

    private final ConnectionFactory connections;
    private final MasterKey master;
    private final long cacheNanos;
    private final long sealingNanos;
    private final LongSupplier nanoClock;
    private final SecureRandom random = new SecureRandom();
    /**
     * Keys kept in memory, by id (to open) and by subject (to seal), each bounded: past {@code MAX_CACHED} those not
     * used for longest go (a process that makes more keys than that in a while keeps its busy subjects' and the newest
     * ones, where clearing them all at once would have every subject read its key again). A kept key serves until its
     * age passes the time asked of it (see {@link #fresh}), however long it stays.
     */
    private final Generations<UUID, Cached> byKey = new Generations<>(MAX_CACHED);
    private final Generations<Subject, Cached> bySubject = new Generations<>(MAX_CACHED);
    /** Subjects erased by this process (their keys are never kept again; cleared past MAX_CACHED). */
    private final Set<Subject> erasedHere = ConcurrentHashMap.newKeySet();

    public PostgresPersonalKeys(ConnectionFactory connections, MasterKey master, Duration cacheFor) {
        this(connections, master, cacheFor, System::nanoTime);
    }

    /** @param nanoClock what kept keys' ages are measured with ({@link System#nanoTime}; tests move it by hand) */
    PostgresPersonalKeys(ConnectionFactory connections, MasterKey master, Duration cacheFor, LongSupplier nanoClock) {
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.connections = Objects.requireNonNull(connections, "connections");
        this.master = Objects.requireNonNull(master, "master");
        this.cacheNanos = cacheFor.toNanos();
        this.sealingNanos = cacheNanos <= 0 ? 0 : Math.max(cacheNanos, SEALING_CACHE.toNanos());
    }

    /**
     * A key kept in memory seals for up to {@link #SEALING_CACHE} (reads trust it for {@code cacheFor} only): an
     * erasure made in another process meanwhile cannot be undone by it. A command's value is refused by the erased
     * subject's stream (the erasure is appended before the key goes); what else seals (a snapshot of a state just
     * appended, a message sealed again for delivery) is sealed under a key that no longer exists, so it reads as erased
     * once no process keeps that key for reading ({@code cacheFor} at most).
     */
    @Override
    public Mono<DataKey> keyFor(UUID tenant, UUID subject) {
        Subject ref = new Subject(tenant, subject);
        Cached cached = fresh(bySubject.get(ref), sealingNanos);
        if (cached != null) {
            return Mono.just(cached.key());
        }
        return existing(ref)
                .switchIfEmpty(Mono.defer(() -> create(ref)).then(Mono.defer(() -> existing(ref))))
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("no key for " + subject + " after creating it")))
                .onErrorMap(PostgresPersonalKeys::isOutage, PostgresPersonalKeys::unavailable);
    }

    /**
     * No round trip: the key is made and wrapped here, and the log stores it with the events it seals (empty when a
     * key of the subject is in memory: it has one).
     */
    @Override
    public Mono<NewKey> newKey(UUID tenant, UUID subject) {
        return Mono.defer(() -> {
            if (fresh(bySubject.get(new Subject(tenant, subject)), sealingNanos) != null) {
                return Mono.empty();
            }
            byte[] raw = new byte[32];
            random.nextBytes(raw);
            DataKey key = new DataKey(UUID.randomUUID(), new SecretKeySpec(raw, "AES"));
            return master.wrap(raw, context(new Subject(tenant, subject)))
                    .map(wrapped -> new NewKey(subject, key, wrapped.masterKeyId(), wrapped.ciphertext()));
        });
    }

    @Override
    public void stored(UUID tenant, NewKey key) {
        remember(new Subject(tenant, key.subject()), key.key());
    }

    @Override
    public Mono<KeyRing> ring(UUID tenant, Set<UUID> keyIds) {
        return ring(tenant, keyIds, cacheNanos);
    }

    /** Kept keys serve for up to {@link #SEALING_CACHE} here too: the log, not the key, carries the erasure to them. */
    @Override
    public Mono<KeyRing> ringInLogOrder(UUID tenant, Set<UUID> keyIds) {
        return ring(tenant, keyIds, sealingNanos);
    }

    private Mono<KeyRing> ring(UUID tenant, Set<UUID> keyIds, long keptFor) {
        return Mono.defer(() -> lookUp(tenant, keyIds, keptFor));
    }

    private Mono<KeyRing> lookUp(UUID tenant, Set<UUID> keyIds, long keptFor) {
        if (keyIds.isEmpty()) {
            return Mono.just(KeyRing.NONE);
        }
        Map<UUID, DataKey> found = new HashMap<>();
        Set<UUID> missing = new HashSet<>();
        for (UUID keyId : keyIds) {
            Cached cached = fresh(byKey.get(keyId), keptFor);
            if (cached != null && cached.subject().tenant().equals(tenant)) {
                found.put(keyId, cached.key());
            } else {
                missing.add(keyId);
            }
        }
        if (missing.isEmpty()) {
            return Mono.just(KeyRing.of(found));
        }
        return Flux.usingWhen(connections.create(),
                        c -> Flux.from(c.createStatement(SELECT_KEYS).bind(0, tenant)
                                        .bind(1, missing.toArray(new UUID[0])).execute())
                                .flatMap(result -> result.map(KeyRow::of)),
                        Connection::close)
                .concatMap(row -> unwrapped(tenant, row))
                .doOnNext(key -> found.put(key.id(), key))
                .then(Mono.fromSupplier(() -> {
                    // what the store no longer has is erased: no use of this process may keep it any longer
                    missing.stream().filter(keyId -> !found.containsKey(keyId)).forEach(this::forgetKey);
                    return KeyRing.of(found);
                }))
                .onErrorMap(PostgresPersonalKeys::isOutage, PostgresPersonalKeys::unavailable);
    }

    @Override
    public Mono<Boolean> erase(UUID tenant, UUID subject, String erasedBy, String reason) {
        Subject ref = new Subject(tenant, subject);
        return Mono.defer(() -> {
                    forget(ref);
                    return Mono.usingWhen(connections.create(),
                        c -> updated(c.createStatement(ERASE).bind(0, UUID.randomUUID()).bind(1, tenant).bind(2, subject)
                                .bind(3, erasedBy).bind(4, reason))
                                .map(erased -> erased > 0),
                        Connection::close);
                })
                .doFinally(signal -> forget(ref))
                .onErrorMap(PostgresPersonalKeys::isOutage, PostgresPersonalKeys::unavailable);
    }

    private Mono<DataKey> existing(Subject ref) {
        return Flux.usingWhen(connections.create(),
                        c -> Flux.from(c.createStatement(SELECT_SUBJECT).bind(0, ref.tenant()).bind(1, ref.subject())
                                        .execute())
                                .flatMap(result -> result.map(KeyRow::of)),
                        Connection::close)
                .next()
                .flatMap(row -> row.erased()
                        ? Mono.error(new SubjectErasedException(ref.subject()))
                        : unwrapped(ref.tenant(), row));
    }

    private Mono<Void> create(Subject ref) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return master.wrap(key, context(ref))
                .flatMap(wrapped -> Mono.usingWhen(connections.create(),
                        c -> updated(c.createStatement(INSERT_KEY).bind(0, UUID.randomUUID()).bind(1, ref.tenant())
                                .bind(2, ref.subject()).bind(3, wrapped.masterKeyId())
                                .bind(4, ByteBuffer.wrap(wrapped.ciphertext()))),
                        Connection::close))
                .then();
    }

    private Mono<DataKey> unwrapped(UUID tenant, KeyRow row) {
        Subject ref = new Subject(tenant, row.subject());
        return master.unwrap(new MasterKey.Wrapped(row.masterKey(), row.wrapped()), context(ref))
                .map(bytes -> {
                    DataKey key = new DataKey(row.keyId(), new SecretKeySpec(bytes, "AES"));
                    remember(ref, key);
                    return key;
                });
    }

    private static Mono<Long> updated(Statement statement) {
        return Flux.from(statement.execute()).flatMap(result -> Mono.from(result.getRowsUpdated())).reduce(0L, Long::sum);
    }

    private synchronized void forgetKey(UUID keyId) {
        Cached cached = byKey.remove(keyId);
        if (cached != null) {
            bySubject.remove(cached.subject(), cached);
        }
    }

    /** Erased here: no read that started before may put its key back in memory afterwards. */
    private synchronized void forget(Subject ref) {
        if (erasedHere.size() > MAX_CACHED) {
            erasedHere.clear();
        }
        erasedHere.add(ref);
        bySubject.remove(ref);
        byKey.removeIf(cached -> cached.subject().equals(ref));
    }

    private Cached fresh(Cached cached, long forNanos) {
        return cached != null && nanoClock.getAsLong() - cached.at() < forNanos ? cached : null;
    }

    private synchronized void remember(Subject ref, DataKey key) {
        if (cacheNanos <= 0 || erasedHere.contains(ref)) {
            return;
        }
        Cached cached = new Cached(ref, key, nanoClock.getAsLong());
        byKey.put(key.id(), cached);
        bySubject.put(ref, cached);
    }

    private static Map<String, String> context(Subject ref) {
        return Map.of("tenant", ref.tenant().toString(), "subject", ref.subject().toString());
    }

    /** Anything but an answer (erased, a key that does not unwrap): the store could not be reached or read. */
    private static boolean isOutage(Throwable e) {
        return !(e instanceof SubjectErasedException || e instanceof PersonalDataUnavailableException
                || e instanceof IllegalStateException || e instanceof IllegalArgumentException);
    }

    private static PersonalDataUnavailableException unavailable(Throwable e) {
        return new PersonalDataUnavailableException("the personal data key store cannot be read now", e);
    }

    private record Subject(UUID tenant, UUID subject) {
    }

    private record KeyRow(UUID keyId, UUID subject, String masterKey, byte[] wrapped, boolean erased) {

        static KeyRow of(Readable row) {
            ByteBuffer wrapped = row.get("wrapped", ByteBuffer.class);
            byte[] bytes = null;
            if (wrapped != null) {
                bytes = new byte[wrapped.remaining()];
                wrapped.get(bytes);
            }
            return new KeyRow(row.get("key_id", UUID.class), row.get("subject_id", UUID.class),
                    row.get("master_key", String.class), bytes, row.get("erased_at") != null);
        }
    }

    private record Cached(Subject subject, DataKey key, long at) {
    }
}
