package io.decidr.cassandra.readmodel;

import static io.decidr.cassandra.readmodel.ReadModelStatements.checkPageSize;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.decidr.cassandra.readmodel.Views.CommentView;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import reactor.core.publisher.Mono;

/** The {@code comments} read model's query (the table {@link CommentWriter} writes). */
public final class CommentQueries {

    private final ReadModelStatements statements;
    private volatile PreparedStatement comments;

    CommentQueries(ReadModelStatements statements, int generation) {
        this.statements = statements;
        use(generation);
    }

    /** Answers from that generation's table from now on; prepares first, which blocks. */
    void use(int generation) {
        comments = statements.prepare(ReadModel.COMMENTS, generation,
                "SELECT * FROM comments_by_entity WHERE tenant_id = :tenant AND entity_id = :entity");
    }

    /** The entity's comments, newest first. */
    public Mono<Page<CommentView>> comments(UUID tenantId, UUID entityId, int first, String after) {
        checkPageSize(first);
        Cursor cursor = Cursor.decode(after, 1);
        return statements.fill(b -> comments.boundStatementBuilder().setUuid("tenant", tenantId).setUuid("entity", entityId),
                List.of(0), 0, cursor.pagingState(), first, new ArrayList<>(), row -> new CommentView(row.getUuid("comment_id"),
                        entityId, row.getString("author"), row.getString("body"), row.getBoolean("edited"),
                        row.getBoolean("deleted"), row.getBoolean("erased"), row.getInstant("added_at"),
                        row.getLong("version")));
    }
}
