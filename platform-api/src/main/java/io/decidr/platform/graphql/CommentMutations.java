package io.decidr.platform.graphql;

import io.decidr.eventstore.handlers.Requester;
import io.decidr.domain.comment.CommentId;
import io.decidr.domain.entity.EntityId;
import io.decidr.eventstore.handlers.CommentHandler;
import io.decidr.eventstore.handlers.Result;
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
    public Mono<Result> addComment(@Argument String entityId, @Argument String body, @Argument String commandId,
            @Argument ReadYourWrites.Consistency consistency,
            Requester requester) {
        return Mono.defer(() -> comments.add(requester, EntityId.parse(entityId, "entityId"), body,
                Arguments.commandId(commandId)))
                .flatMap(r -> readYourWrites.after(consistency, r.stream(), r.version(), r.last(), r));
    }

    @MutationMapping
    public Mono<Result> editComment(@Argument String commentId, @Argument String body, @Argument String commandId,
            @Argument ReadYourWrites.Consistency consistency,
            Requester requester) {
        return Mono.defer(() -> comments.edit(requester, CommentId.parse(commentId, "commentId"), body,
                Arguments.commandId(commandId)))
                .flatMap(r -> readYourWrites.after(consistency, r.stream(), r.version(), r.last(), r));
    }

    @MutationMapping
    public Mono<Result> deleteComment(@Argument String commentId, @Argument String commandId, @Argument ReadYourWrites.Consistency consistency,
            Requester requester) {
        return Mono.defer(() -> comments.delete(requester, CommentId.parse(commentId, "commentId"),
                Arguments.commandId(commandId)))
                .flatMap(r -> readYourWrites.after(consistency, r.stream(), r.version(), r.last(), r));
    }
}
