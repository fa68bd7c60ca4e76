package io.decidr.cassandra.readmodel;

import io.decidr.cassandra.session.ReactiveCql;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.decidr.domain.collection.AttributeType;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.entity.Value;
import io.decidr.domain.job.JobKind;
import io.decidr.domain.job.JobStatus;
import io.decidr.domain.job.JobSummary;
import io.decidr.eventstore.aggregates.Aggregates;
import io.decidr.cassandra.readmodel.Views.AttributeView;
import io.decidr.cassandra.readmodel.Views.BacklinkView;
import io.decidr.cassandra.readmodel.Views.CollectionView;
import io.decidr.cassandra.readmodel.Views.CommentView;
import io.decidr.cassandra.readmodel.Views.EntityView;
import io.decidr.cassandra.readmodel.Views.HistoryView;
import io.decidr.cassandra.readmodel.Views.JobView;
import io.decidr.cassandra.readmodel.Views.LinkView;
import io.decidr.cassandra.readmodel.Views.TenantView;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.IntStream;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The queries the API serves, each from its own table, always within one tenant. */
public final class ReadModelQueries {

    /** The most rows one page may ask for. */
    public static final int MAX_PAGE = 200;
    /** The most attribute filters one entities query may combine. */
    public static final int MAX_FILTERS = 5;

    private static final List<Integer> ALL_BACKLINK_BUCKETS = IntStream.range(0, Buckets.BACKLINKS).boxed().toList();
    private static final List<Integer> ALL_ENTITY_BUCKETS = IntStream.range(0, Buckets.ENTITIES).boxed().toList();
    private static final List<Integer> ONE_BUCKET = List.of(0);
    /** Rows per driver page when a traversal streams links: a hop stops after its cap, so small pages waste little. */
    private static final int TRAVERSAL_PAGE = 500;

    private final ReactiveCql cql;
    private final AtomicReference<Statements> statements = new AtomicReference<>();

    /** Queries over generation 1 of every read model. */
    public ReadModelQueries(CqlSession session) {
        this(session, Map.of());
    }

    /** Queries over the given generations (1 for a read model not named). */
    public ReadModelQueries(CqlSession session, Map<ReadModel, Integer> generations) {
        // off the driver's I/O thread: API requests complete their answers where the rows arrive
        this.cql = new ReactiveCql(session, Schedulers.parallel());
        use(generations);
    }

    /** The generations the queries read, by read model. */
    public Map<ReadModel, Integer> generations() {
        return statements.get().generations();
    }

    /**
     * Answers from these generations from now on. Prepares the statements first, which blocks: call it off request
     * threads. Queries already running finish on the generation they started with.
     */
    public synchronized void use(Map<ReadModel, Integer> generations) {
        Map<ReadModel, Integer> wanted = new EnumMap<>(ReadModel.class);
        for (ReadModel model : ReadModel.values()) {
            wanted.put(model, generations.getOrDefault(model, 1));
        }
        Statements current = statements.get();
        if (current == null || !current.generations().equals(wanted)) {
            statements.set(prepare(Map.copyOf(wanted)));
        }
    }

    private Statements prepare(Map<ReadModel, Integer> generations) {
        Function<ReadModel, Function<String, PreparedStatement>> in = model -> text -> cql.prepare(
                model.sql(text, generations.get(model)));
        Function<String, PreparedStatement> tenants = in.apply(ReadModel.TENANTS);
        Function<String, PreparedStatement> collections = in.apply(ReadModel.COLLECTIONS);
        Function<String, PreparedStatement> entities = in.apply(ReadModel.ENTITIES);
        Function<String, PreparedStatement> comments = in.apply(ReadModel.COMMENTS);
        Function<String, PreparedStatement> jobs = in.apply(ReadModel.JOBS);
        // every shape of the entities query, prepared now: preparing later would block a request thread
        Map<String, PreparedStatement> entityPages = new HashMap<>();
        for (int filters = 0; filters <= MAX_FILTERS; filters++) {
            for (boolean includeArchived : new boolean[] {false, true}) {
                entityPages.put(filters + "/" + includeArchived, entities.apply(entityPage(filters, includeArchived)));
            }
        }
        return new Statements(generations,
                tenants.apply("SELECT * FROM tenants WHERE tenant_id = :tenant"),
                collections.apply("SELECT * FROM collections_by_tenant WHERE tenant_id = :tenant"),
                collections.apply("SELECT * FROM collections_by_tenant WHERE tenant_id = :tenant AND collection_id = :collection"),
                entities.apply("SELECT * FROM entity_by_id WHERE tenant_id = :tenant AND entity_id = :entity"),
                entities.apply("SELECT * FROM links_by_source WHERE tenant_id = :tenant AND source_id = :entity"),
                entities.apply("SELECT * FROM links_by_target WHERE tenant_id = :tenant AND target_id = :entity AND bucket = :bucket"),
                entities.apply("SELECT target_id FROM links_by_source WHERE tenant_id = :tenant AND source_id = :entity"
                        + " AND attribute_id = :attribute"),
                entities.apply("SELECT source_id FROM links_by_target WHERE tenant_id = :tenant AND target_id = :entity"
                        + " AND bucket IN :buckets AND source_attribute_id = :attribute"),
                entities.apply("SELECT * FROM entity_history WHERE tenant_id = :tenant AND entity_id = :entity"),
                comments.apply("SELECT * FROM comments_by_entity WHERE tenant_id = :tenant AND entity_id = :entity"),
                Map.copyOf(entityPages),
                jobs.apply("SELECT * FROM job_by_id WHERE tenant_id = :tenant AND job_id = :job"),
                jobs.apply("SELECT month FROM job_months_by_tenant WHERE tenant_id = :tenant AND month <= :newest"),
                jobs.apply(jobPage("")),
                jobs.apply(jobPage(" AND base_status = :status")),
                jobs.apply(jobPage(" AND base_status = :status AND started = :started")));
    }

    private record Statements(Map<ReadModel, Integer> generations, PreparedStatement tenant, PreparedStatement collections,
            PreparedStatement collection, PreparedStatement entity, PreparedStatement links, PreparedStatement backlinks,
            PreparedStatement linkTargets, PreparedStatement backlinkSources,
            PreparedStatement history, PreparedStatement comments, Map<String, PreparedStatement> entityPages,
            PreparedStatement job, PreparedStatement jobMonths, PreparedStatement jobPage,
            PreparedStatement jobPageByStatus, PreparedStatement jobPageByStatusAndStart) {
    }

    private Statements statements() {
        return statements.get();
    }

    public Mono<TenantView> tenant(UUID tenantId) {
        return one(statements().tenant().bind().setUuid("tenant", tenantId), row -> new TenantView(row.getUuid("tenant_id"),
                row.getString("name"), row.getBoolean("suspended"), row.getString("suspension_reason"), row.getLong("version")));
    }

    public Mono<List<CollectionView>> collections(UUID tenantId) {
        return cql.readAll(statements().collections().bind().setUuid("tenant", tenantId), row -> row).collectList()
                .map(rows -> rows.stream().map(ReadModelQueries::toCollection)
                        .sorted(Comparator.comparing(CollectionView::name, String.CASE_INSENSITIVE_ORDER))
                        .toList());
    }

    public Mono<CollectionView> collection(UUID tenantId, UUID collectionId) {
        return one(statements().collection().bind().setUuid("tenant", tenantId).setUuid("collection", collectionId),
                ReadModelQueries::toCollection);
    }

    public Mono<EntityView> entity(UUID tenantId, UUID entityId) {
        return one(statements().entity().bind().setUuid("tenant", tenantId).setUuid("entity", entityId), row -> new EntityView(
                row.getUuid("entity_id"), row.getUuid("collection_id"), row.getBoolean("archived"), row.getLong("version"),
                row.getInstant("created_at"), row.getInstant("updated_at"), values(row)));
    }

    /**
     * A page of a collection's entities, optionally only those whose attribute values equal the given filter
     * texts (see {@link ValueText#filterText}); archived entities only when asked for.
     */
    public Mono<Page<EntityView>> entities(UUID tenantId, UUID collectionId, Map<UUID, String> filter,
            boolean includeArchived, int first, String after) {
        checkPageSize(first);
        if (filter.size() > MAX_FILTERS) {
            throw Rejection.validation("filter", "at most " + MAX_FILTERS + " filters at once");
        }
        List<Map.Entry<UUID, String>> filters = List.copyOf(new LinkedHashMap<>(filter).entrySet());
        // Without value filters, archived entities are skipped here rather than by the archived index: an index
        // query costs Cassandra several times a plain read of the partition's rows, and live entities are the rule.
        boolean skipArchived = filters.isEmpty() && !includeArchived;
        PreparedStatement statement = statements().entityPages().get(filters.size() + "/" + (includeArchived || skipArchived));
        Cursor cursor = Cursor.decode(after, Buckets.ENTITIES);
        Function<Integer, BoundStatementBuilder> bucket = b -> {
            BoundStatementBuilder bound = statement.boundStatementBuilder()
                    .setUuid("tenant", tenantId).setUuid("collection", collectionId).setInt("bucket", b);
            for (int i = 0; i < filters.size(); i++) {
                bound.setUuid("a" + i, filters.get(i).getKey()).setString("v" + i, filters.get(i).getValue());
            }
            return bound;
        };
        return fill(bucket, ALL_ENTITY_BUCKETS, cursor.bucket(), cursor.pagingState(), first, new ArrayList<>(),
                row -> skipArchived && row.getBoolean("archived") ? null : new EntityView(row.getUuid("entity_id"),
                        collectionId, row.getBoolean("archived"), row.getLong("version"), null, null, values(row)));
    }

    /** A page of the entity's outgoing links, by attribute then target. */
    public Mono<Page<LinkView>> links(UUID tenantId, UUID sourceId, int first, String after) {
        checkPageSize(first);
        Cursor cursor = Cursor.decode(after, 1);
        return fill(b -> statements().links().boundStatementBuilder().setUuid("tenant", tenantId).setUuid("entity", sourceId),
                ONE_BUCKET, 0, cursor.pagingState(), first, new ArrayList<>(),
                row -> new LinkView(sourceId, row.getUuid("attribute_id"), row.getUuid("target_id")));
    }

    /** A page of the links that point at the entity, bucket after bucket. */
    public Mono<Page<BacklinkView>> backlinks(UUID tenantId, UUID targetId, int first, String after) {
        checkPageSize(first);
        Cursor cursor = Cursor.decode(after, Buckets.BACKLINKS);
        return fill(b -> statements().backlinks().boundStatementBuilder().setUuid("tenant", tenantId)
                        .setUuid("entity", targetId).setInt("bucket", b),
                ALL_BACKLINK_BUCKETS, cursor.bucket(), cursor.pagingState(), first, new ArrayList<>(),
                row -> new BacklinkView(targetId, row.getUuid("source_attribute_id"), row.getUuid("source_id"),
                        row.getUuid("source_collection_id")));
    }

    /**
     * The entities the source links to through one attribute, streamed page by page: a traversal stops reading as
     * soon as it has seen enough (cancelling stops the paging).
     */
    public Flux<UUID> linkTargets(UUID tenantId, UUID sourceId, UUID attributeId) {
        return cql.readAll(statements().linkTargets().bind().setUuid("tenant", tenantId).setUuid("entity", sourceId)
                .setUuid("attribute", attributeId).setPageSize(TRAVERSAL_PAGE), row -> row.getUuid("target_id"));
    }

    /** The entities linking to the target through one attribute, streamed as {@link #linkTargets} is. */
    public Flux<UUID> backlinkSources(UUID tenantId, UUID targetId, UUID attributeId) {
        return cql.readAll(statements().backlinkSources().bind().setUuid("tenant", tenantId).setUuid("entity", targetId)
                .setList("buckets", ALL_BACKLINK_BUCKETS, Integer.class).setUuid("attribute", attributeId)
                .setPageSize(TRAVERSAL_PAGE), row -> row.getUuid("source_id"));
    }

    /** The entity's history, newest first. */
    public Mono<Page<HistoryView>> history(UUID tenantId, UUID entityId, int first, String after) {
        checkPageSize(first);
        Cursor cursor = Cursor.decode(after, 1);
        return fill(b -> statements().history().boundStatementBuilder().setUuid("tenant", tenantId).setUuid("entity", entityId),
                ONE_BUCKET, 0, cursor.pagingState(), first, new ArrayList<>(), row -> new HistoryView(row.getLong("version"),
                        row.getString("event_type"), row.getString("actor"), row.getInstant("recorded_at"),
                        row.getUuid("attribute_id"), ValueText.value(row.getString("value")),
                        ValueText.value(row.getString("previous")), row.getString("detail")));
    }

    /** The entity's comments, newest first. */
    public Mono<Page<CommentView>> comments(UUID tenantId, UUID entityId, int first, String after) {
        checkPageSize(first);
        Cursor cursor = Cursor.decode(after, 1);
        return fill(b -> statements().comments().boundStatementBuilder().setUuid("tenant", tenantId).setUuid("entity", entityId),
                ONE_BUCKET, 0, cursor.pagingState(), first, new ArrayList<>(), row -> new CommentView(row.getUuid("comment_id"),
                        entityId, row.getString("author"), row.getString("body"), row.getBoolean("edited"),
                        row.getBoolean("deleted"), row.getInstant("added_at"), row.getLong("version")));
    }

    /** One compute job. */
    public Mono<JobView> job(UUID tenantId, UUID jobId) {
        return one(statements().job().bind().setUuid("tenant", tenantId).setUuid("job", jobId), ReadModelQueries::toJob);
    }

    /**
     * A page of the tenant's jobs, newest request first; only those in {@code status} unless it is null. Walks the
     * months with jobs backwards from the cursor's, so a page may span months.
     */
    public Mono<Page<JobView>> jobs(UUID tenantId, JobStatus status, int first, String after) {
        checkPageSize(first);
        Cursor cursor = Cursor.decode(after, Buckets::isMonth);
        Statements current = statements();
        Boolean started = status == null ? null : JobStatusCells.started(status);
        PreparedStatement page = status == null ? current.jobPage()
                : started == null ? current.jobPageByStatus() : current.jobPageByStatusAndStart();
        Function<Integer, BoundStatementBuilder> month = m -> {
            BoundStatementBuilder bound = page.boundStatementBuilder().setUuid("tenant", tenantId).setInt("month", m);
            if (status != null) {
                bound.setString("status", JobStatusCells.baseStatus(status));
            }
            if (started != null) {
                bound.setBoolean("started", started);
            }
            return bound;
        };
        int newest = after == null ? Integer.MAX_VALUE : cursor.bucket();
        return cql.readAll(current.jobMonths().bind().setUuid("tenant", tenantId).setInt("newest", newest),
                        row -> row.getInt("month"))
                .collectList()
                .flatMap(months -> {
                    if (months.isEmpty()) {
                        return Mono.just(new Page<JobView>(List.of(), null));
                    }
                    // the paging state belongs to the cursor's month (month rows are never deleted, so it is the first)
                    ByteBuffer state = after != null && months.getFirst() == cursor.bucket() ? cursor.pagingState() : null;
                    return fill(month, months, 0, state, first, new ArrayList<>(), ReadModelQueries::toJob);
                });
    }

    /**
     * Reads bucket after bucket (in the order given), page after page, until {@code first} rows are in hand or every
     * bucket is read; a row {@code map} answers null for is left out (and the next read asks for what is still
     * missing). The cursor names the bucket itself, not its index.
     */
    private <T> Mono<Page<T>> fill(Function<Integer, BoundStatementBuilder> bucket, List<Integer> buckets, int at,
            ByteBuffer state, int first, List<T> items, Function<Row, T> map) {
        int wanted = first - items.size();
        BoundStatement statement = bucket.apply(buckets.get(at)).setPageSize(wanted).setPagingState(state).build();
        return cql.read(statement).flatMap(result -> {
            int taken = 0;
            for (Row row : result.currentPage()) {
                T item = map.apply(row);
                if (item != null) {
                    items.add(item);
                }
                taken++;
            }
            ByteBuffer next = result.hasMorePages() ? result.getExecutionInfo().getPagingState() : null;
            if (taken > wanted) {
                throw new IllegalStateException("the driver returned more rows than the page size");
            }
            if (items.size() == first) {
                Cursor cursor = next != null ? new Cursor(buckets.get(at), next)
                        : at + 1 < buckets.size() ? new Cursor(buckets.get(at + 1), null) : null;
                return Mono.just(new Page<>(items, cursor == null ? null : cursor.encode()));
            }
            if (next != null) {
                return fill(bucket, buckets, at, next, first, items, map);
            }
            if (at + 1 < buckets.size()) {
                return fill(bucket, buckets, at + 1, null, first, items, map);
            }
            return Mono.just(new Page<>(items, null));
        });
    }

    private static String entityPage(int filters, boolean includeArchived) {
        StringBuilder statement = new StringBuilder("""
                SELECT entity_id, archived, version, vals FROM entities_by_collection
                WHERE tenant_id = :tenant AND collection_id = :collection AND bucket = :bucket""");
        for (int i = 0; i < filters; i++) {
            statement.append(" AND filter_vals[:a").append(i).append("] = :v").append(i);
        }
        if (!includeArchived) {
            statement.append(" AND archived = false");
        }
        return statement.toString();
    }

    private static String jobPage(String filter) {
        return "SELECT * FROM jobs_by_tenant WHERE tenant_id = :tenant AND month = :month" + filter;
    }

    private <T> Mono<T> one(BoundStatement statement, Function<Row, T> map) {
        return cql.read(statement).flatMap(rows -> Mono.justOrEmpty(rows.one())).map(map);
    }

    private static void checkPageSize(int first) {
        if (first < 1 || first > MAX_PAGE) {
            throw Rejection.validation("first", "first must be 1 to " + MAX_PAGE);
        }
    }

    private static Map<UUID, Value> values(Row row) {
        Map<UUID, Value> values = new LinkedHashMap<>();
        row.getMap("vals", UUID.class, String.class).forEach((attribute, json) -> values.put(attribute, ValueText.value(json)));
        return values;
    }

    private static JobView toJob(Row row) {
        JobSummary summary = row.isNull("summary_created") ? null : new JobSummary(row.getLong("summary_created"),
                row.getLong("summary_updated"), row.getLong("summary_skipped"));
        return new JobView(row.getUuid("job_id"), JobKind.valueOf(row.getString("kind")), row.getUuid("collection_id"),
                JobStatusCells.status(row.getString("base_status"), row.getBoolean("started")),
                row.getString("requested_by"), row.getInstant("requested_at"), row.getString("workflow_id"),
                row.getString("run_id"), row.getInstant("started_at"), row.getLong("done"), row.getLong("total"),
                row.getInstant("progressed_at"), row.getString("last_error"), row.getInstant("finished_at"), summary,
                row.getString("error"), row.getLong("restored"), row.getString("cancel_requested_by"),
                row.getInstant("cancel_requested_at"), row.getLong("version"));
    }

    private static CollectionView toCollection(Row row) {
        Map<UUID, String> names = row.getMap("attr_names", UUID.class, String.class);
        Map<UUID, String> types = row.getMap("attr_types", UUID.class, String.class);
        Map<UUID, Boolean> required = row.getMap("attr_required", UUID.class, Boolean.class);
        Map<UUID, Long> positions = row.getMap("attr_positions", UUID.class, Long.class);
        List<AttributeView> attributes = names.entrySet().stream()
                .filter(e -> types.containsKey(e.getKey()))
                .map(e -> new AttributeView(e.getKey(), e.getValue(), attributeType(types.get(e.getKey())),
                        Boolean.TRUE.equals(required.get(e.getKey())), positions.getOrDefault(e.getKey(), 0L)))
                .sorted(Comparator.comparingLong(AttributeView::position))
                .toList();
        return new CollectionView(row.getUuid("collection_id"), row.getString("name"), row.getBoolean("archived"),
                row.getLong("version"), attributes);
    }

    private static AttributeType attributeType(String json) {
        try {
            return Aggregates.JSON.readValue(json, AttributeType.class);
        } catch (IOException e) {
            throw new IllegalStateException("stored attribute type is not readable: " + json, e);
        }
    }
}
