package io.decidr.platform.graphql;

import io.decidr.application.handlers.Requester;
import io.decidr.domain.access.Role;
import io.decidr.domain.decider.Rejection;
import io.decidr.eventstore.aggregates.Aggregates;
import io.decidr.eventstore.audit.SubjectExport;
import java.util.UUID;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/** {@code exportSubject}: everything held about one entity, from the log (a data subject's access request). Admins. */
@Controller
public class SubjectQueries {

    private final SubjectExport export;

    public SubjectQueries(SubjectExport export) {
        this.export = export;
    }

    @QueryMapping
    public Mono<Object> exportSubject(@Argument String entityId, Requester requester) {
        return Mono.defer(() -> {
            if (!requester.actor().has(Role.ADMIN)) {
                throw Rejection.forbidden("exporting a data subject needs the admin role");
            }
            UUID entity = Arguments.id(entityId, "entityId");
            return export.export(requester.tenant().value(), entity)
                    .switchIfEmpty(Mono.error(() -> Rejection.notFound("entity " + entityId + " does not exist")))
                    .map(document -> Aggregates.JSON.convertValue(document, Object.class));
        });
    }
}
