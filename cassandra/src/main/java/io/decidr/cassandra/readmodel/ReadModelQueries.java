package io.decidr.cassandra.readmodel;

import com.datastax.oss.driver.api.core.CqlSession;
import io.decidr.cassandra.session.ReactiveCql;
import java.util.EnumMap;
import java.util.Map;
import reactor.core.scheduler.Schedulers;

/**
 * The queries the API serves, one class per read model as there is one writer per read model ({@link TenantQueries},
 * {@link CollectionQueries}, {@link EntityQueries}, {@link CommentQueries}, {@link JobQueries}), each from its own
 * tables and always within one tenant; and which generation of each read model they answer from.
 */
public final class ReadModelQueries {

    /** The most rows one page may ask for. */
    public static final int MAX_PAGE = ReadModelStatements.MAX_PAGE;
    /** The most attribute filters one entities query may combine. */
    public static final int MAX_FILTERS = EntityQueries.MAX_FILTERS;

    private final TenantQueries tenants;
    private final CollectionQueries collections;
    private final EntityQueries entities;
    private final CommentQueries comments;
    private final JobQueries jobs;
    private volatile Map<ReadModel, Integer> generations;

    /** Queries over generation 1 of every read model. */
    public ReadModelQueries(CqlSession session) {
        this(session, Map.of());
    }

    /** Queries over the given generations (1 for a read model not named). */
    public ReadModelQueries(CqlSession session, Map<ReadModel, Integer> generations) {
        // off the driver's I/O thread: API requests complete their answers where the rows arrive
        ReadModelStatements statements = new ReadModelStatements(new ReactiveCql(session, Schedulers.parallel()));
        Map<ReadModel, Integer> wanted = complete(generations);
        this.tenants = new TenantQueries(statements, wanted.get(ReadModel.TENANTS));
        this.collections = new CollectionQueries(statements, wanted.get(ReadModel.COLLECTIONS));
        this.entities = new EntityQueries(statements, wanted.get(ReadModel.ENTITIES));
        this.comments = new CommentQueries(statements, wanted.get(ReadModel.COMMENTS));
        this.jobs = new JobQueries(statements, wanted.get(ReadModel.JOBS));
        this.generations = wanted;
    }

    public TenantQueries tenants() {
        return tenants;
    }

    public CollectionQueries collections() {
        return collections;
    }

    public EntityQueries entities() {
        return entities;
    }

    public CommentQueries comments() {
        return comments;
    }

    public JobQueries jobs() {
        return jobs;
    }

    /** The generations the queries read, by read model. */
    public Map<ReadModel, Integer> generations() {
        return generations;
    }

    /**
     * Answers from these generations from now on. Prepares the statements of each read model whose generation changes
     * first, which blocks: call it off request threads. Queries already running finish on the generation they started
     * with.
     */
    public synchronized void use(Map<ReadModel, Integer> generations) {
        Map<ReadModel, Integer> wanted = complete(generations);
        for (ReadModel model : ReadModel.values()) {
            int generation = wanted.get(model);
            if (generation == this.generations.get(model)) {
                continue;
            }
            switch (model) {
                case TENANTS -> tenants.use(generation);
                case COLLECTIONS -> collections.use(generation);
                case ENTITIES -> entities.use(generation);
                case COMMENTS -> comments.use(generation);
                case JOBS -> jobs.use(generation);
            }
        }
        this.generations = wanted;
    }

    private static Map<ReadModel, Integer> complete(Map<ReadModel, Integer> generations) {
        Map<ReadModel, Integer> wanted = new EnumMap<>(ReadModel.class);
        for (ReadModel model : ReadModel.values()) {
            wanted.put(model, generations.getOrDefault(model, 1));
        }
        return Map.copyOf(wanted);
    }
}
