package io.decidr.cassandra.readmodel;

import io.decidr.cassandra.schema.ClasspathMigrations;
import io.decidr.cassandra.schema.CqlMigration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The read models, each kept by one projector, with the tables (and indexes) it writes.
 *
 * <p>A read model lives in generations. Generation 1 uses the plain table names the migrations create; a rebuild
 * replays the events into generation {@code n} &gt; 1, whose tables carry the suffix {@code _g<n>}, while the previous
 * generation keeps serving. The layout of a new generation is that of the migrations: every migration statement that
 * names one of the model's tables, with the names changed ({@link #ddl}).
 */
public enum ReadModel {
    TENANTS("tenants", "tenants"),
    COLLECTIONS("collections", "collections_by_tenant"),
    ENTITIES("entities", "entities_by_collection", "entities_by_collection_filter_vals", "entities_by_collection_archived",
            "entity_by_id", "entity_history", "links_by_source", "links_by_target"),
    COMMENTS("comments", "comments_by_entity", "comment_by_id"),
    JOBS("jobs", "job_by_id", "jobs_by_tenant", "jobs_by_tenant_base_status", "jobs_by_tenant_started",
            "job_months_by_tenant");

    /** The table or index a schema statement creates, changes or drops. */
    private static final Pattern TARGET = Pattern.compile("^\\s*(?:CREATE\\s+(?:CUSTOM\\s+)?(?:TABLE|INDEX)\\s+IF\\s+NOT\\s+EXISTS"
            + "|ALTER\\s+TABLE|DROP\\s+(?:TABLE|INDEX)\\s+IF\\s+EXISTS)\\s+(\\w+)", Pattern.CASE_INSENSITIVE);

    private final String projector;
    private final List<String> objects;
    private final Pattern names;

    ReadModel(String projector, String... objects) {
        this.projector = projector;
        this.objects = List.of(objects);
        this.names = Pattern.compile("\\b(" + String.join("|", objects) + ")\\b");
    }

    /** The name of the projector that keeps it. */
    public String projector() {
        return projector;
    }

    /** Its tables and indexes, by their generation-1 names. */
    public List<String> objects() {
        return objects;
    }

    public static Optional<ReadModel> ofProjector(String projector) {
        return Arrays.stream(values()).filter(model -> model.projector.equals(projector)).findFirst();
    }

    /** The name a table or index of generation 1 has in {@code generation}. */
    public static String physical(String name, int generation) {
        requireGeneration(generation);
        return generation == 1 ? name : name + "_g" + generation;
    }

    /** The statement with this model's table and index names changed to those of {@code generation}. */
    public String sql(String text, int generation) {
        requireGeneration(generation);
        if (generation == 1) {
            return text;
        }
        Matcher matcher = names.matcher(text);
        return matcher.replaceAll(found -> physical(found.group(1), generation));
    }

    /** The statements that create this model's tables and indexes for {@code generation}, in migration order. */
    public List<String> ddl(int generation) {
        return ddl(ClasspathMigrations.load(), generation);
    }

    List<String> ddl(List<CqlMigration> migrations, int generation) {
        return migrations.stream()
                .flatMap(migration -> migration.statements().stream())
                .filter(statement -> {
                    Matcher target = TARGET.matcher(statement);
                    return target.find() && objects.contains(target.group(1));
                })
                .map(statement -> sql(statement, generation))
                .toList();
    }

    private static void requireGeneration(int generation) {
        if (generation < 1) {
            throw new IllegalArgumentException("generations count from 1, not " + generation);
        }
    }
}
