package io.decidr.platform.graphql;

import io.decidr.domain.access.Role;
import io.decidr.domain.decider.Rejection;
import io.decidr.eventstore.handlers.Requester;
import io.decidr.platform.config.ProjectorRole;
import io.decidr.platform.graphql.ReadModelGraph.ProjectorNode;
import io.decidr.platform.security.Callers;
import java.security.Principal;
import java.util.List;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** What operators see of the projectors: position, lag, parked events. */
@Controller
public class ProjectorQueries {

    private final ProjectorRole projectors;

    public ProjectorQueries(ProjectorRole projectors) {
        this.projectors = projectors;
    }

    @QueryMapping
    public Mono<List<ProjectorNode>> projectors(Principal principal) {
        return Mono.defer(() -> {
            Requester requester = Callers.requester(principal);
            if (!requester.actor().has(Role.OPERATOR) && !requester.actor().has(Role.PLATFORM_ADMIN)) {
                throw Rejection.forbidden("projector status is for operators");
            }
            return Flux.fromIterable(projectors.projectors())
                    .concatMap(projector -> projector.status())
                    .map(status -> new ProjectorNode(status.projector(), status.running(), status.eventsBehind(),
                            status.behind().toMillis() / 1000.0, status.parkedEvents()))
                    .collectList();
        });
    }
}
