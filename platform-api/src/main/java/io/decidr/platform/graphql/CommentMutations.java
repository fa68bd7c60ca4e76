package io.decidr.platform.graphql;

import io.decidr.application.handlers.CommentHandler;
import io.decidr.application.handlers.Requester;
import io.decidr.application.handlers.Result;
import io.decidr.domain.comment.CommentId;
import io.decidr.domain.entity.EntityId;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/** Comment mutations. */
@Controller
public class CommentMutations {

    private final CommentHandler comments;

    private final ReadYourWrites readYourWrites;

    public CommentMutations(CommentHandler comments, ReadYourWrites readYourWrites) {
        this.comments = comments;
        this.readYourWrites = readYourWrites;
    }

    @MutationMapping
    public Mono<Result> addComment(EntityId entityId, @Argument String body, @Argument String commandId,
            @Argument ReadYourWrites.Consistency consistency,
            Requester requester) {
        return readYourWrites.write(consistency, () -> comments.add(requester, entityId, body,
                Arguments.commandId(commandId)));
    }

    @MutationMapping
    public Mono<Result> editComment(CommentId commentId, @Argument String body, @Argument String commandId,
            @Argument ReadYourWrites.Consistency consistency,
            Requester requester) {
        return readYourWrites.write(consistency, () -> comments.edit(requester, commentId, body,
                Arguments.commandId(commandId)));
    }

    @MutationMapping
    public Mono<Result> deleteComment(CommentId commentId, @Argument String commandId, @Argument ReadYourWrites.Consistency consistency,
            Requester requester) {
        return readYourWrites.write(consistency, () -> comments.delete(requester, commentId,
                Arguments.commandId(commandId)));
    }

    /** Erases every body the comment had, for good (admins). */
    @MutationMapping
    public Mono<Result> eraseComment(CommentId commentId, @Argument String reason, @Argument String commandId,
            @Argument ReadYourWrites.Consistency consistency, Requester requester) {
        return readYourWrites.write(consistency, () -> comments.erase(requester, commentId, reason,
                Arguments.commandId(commandId)));
    }
}
