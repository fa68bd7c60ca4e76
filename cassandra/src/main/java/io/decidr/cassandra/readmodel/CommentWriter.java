package io.decidr.cassandra.readmodel;

import io.decidr.cassandra.session.ReactiveCql;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.decidr.domain.comment.CommentAdded;
import io.decidr.domain.comment.CommentDeleted;
import io.decidr.domain.comment.CommentErased;
import io.decidr.domain.comment.CommentEdited;
import io.decidr.domain.comment.CommentEvent;
import io.decidr.projections.readmodel.EventContext;
import io.decidr.projections.readmodel.ReadModelWriter;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * Writes comment events into {@code comments_by_entity} (newest first) and the {@code comment_by_id} lookup that
 * edits and deletes need to find the row.
 */
public final class CommentWriter implements ReadModelWriter<CommentEvent> {

    private final ReactiveCql cql;
    private final int generation;
    private final PreparedStatement locate;
    private final PreparedStatement find;
    private final PreparedStatement add;
    private final PreparedStatement edit;
    private final PreparedStatement delete;
    private final PreparedStatement erase;

    /** A writer into generation 1 of the read model. */
    public CommentWriter(CqlSession session) {
        this(session, 1);
    }

    /** A writer into the given generation of the read model (see {@link ReadModel}). */
    public CommentWriter(CqlSession session, int generation) {
        this.cql = new ReactiveCql(session);
        this.generation = generation;
        locate = prepare("""
                INSERT INTO comment_by_id (tenant_id, comment_id, entity_id, added_at) VALUES (:tenant, :comment, :entity, :at)
                USING TIMESTAMP :v""");
        find = prepare("SELECT entity_id, added_at FROM comment_by_id WHERE tenant_id = :tenant AND comment_id = :comment");
        add = prepare("""
                UPDATE comments_by_entity USING TIMESTAMP :v
                SET author = :author, body = :body, edited = false, deleted = false, version = :v
                WHERE tenant_id = :tenant AND entity_id = :entity AND added_at = :at AND comment_id = :comment""");
        edit = prepare("""
                UPDATE comments_by_entity USING TIMESTAMP :v SET body = :body, edited = true, version = :v
                WHERE tenant_id = :tenant AND entity_id = :entity AND added_at = :at AND comment_id = :comment""");
        delete = prepare("""
                UPDATE comments_by_entity USING TIMESTAMP :v SET body = null, deleted = true, version = :v
                WHERE tenant_id = :tenant AND entity_id = :entity AND added_at = :at AND comment_id = :comment""");
        erase = prepare("""
                UPDATE comments_by_entity USING TIMESTAMP :v SET body = null, erased = true, version = :v
                WHERE tenant_id = :tenant AND entity_id = :entity AND added_at = :at AND comment_id = :comment""");
    }

    private PreparedStatement prepare(String statement) {
        return cql.prepare(ReadModel.COMMENTS.sql(statement, generation));
    }

    @Override
    public Mono<Void> apply(EventContext ctx, CommentEvent event) {
        UUID tenant = ctx.tenant();
        UUID comment = event.id().value();
        long v = ctx.version();
        return switch (event) {
            case CommentAdded e -> Mono.when(
                    cql.write(locate.bind().setUuid("tenant", tenant).setUuid("comment", comment)
                            .setUuid("entity", e.entity().value()).setInstant("at", ctx.recordedAt()).setLong("v", v)),
                    cql.write(add.bind().setLong("v", v).setString("author", e.author().value()).setString("body", e.body())
                            .setUuid("tenant", tenant).setUuid("entity", e.entity().value()).setInstant("at", ctx.recordedAt())
                            .setUuid("comment", comment)));
            case CommentEdited e -> located(tenant, comment).flatMap(row -> cql.write(edit.bind().setLong("v", v)
                    .setString("body", e.body()).setUuid("tenant", tenant).setUuid("entity", row.getUuid("entity_id"))
                    .setInstant("at", row.getInstant("added_at")).setUuid("comment", comment)));
            case CommentDeleted e -> located(tenant, comment).flatMap(row -> cql.write(delete.bind().setLong("v", v)
                    .setUuid("tenant", tenant).setUuid("entity", row.getUuid("entity_id"))
                    .setInstant("at", row.getInstant("added_at")).setUuid("comment", comment)));
            case CommentErased e -> located(tenant, comment).flatMap(row -> cql.write(erase.bind().setLong("v", v)
                    .setUuid("tenant", tenant).setUuid("entity", row.getUuid("entity_id"))
                    .setInstant("at", row.getInstant("added_at")).setUuid("comment", comment)));
        };
    }

    private Mono<Row> located(UUID tenant, UUID comment) {
        return cql.read(find.bind().setUuid("tenant", tenant).setUuid("comment", comment))
                .flatMap(rows -> Mono.justOrEmpty(rows.one()))
                .switchIfEmpty(Mono.error(() -> new IllegalStateException(
                        "comment " + comment + " has no row yet: its creation was not projected")));
    }
}
