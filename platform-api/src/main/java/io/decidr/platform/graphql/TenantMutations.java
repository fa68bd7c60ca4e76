package io.decidr.platform.graphql;

import io.decidr.domain.tenant.TenantId;
import io.decidr.eventstore.handlers.Result;
import io.decidr.eventstore.handlers.TenantHandler;
import io.decidr.platform.security.Callers;
import java.security.Principal;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/** Tenant mutations. */
@Controller
public class TenantMutations {

    private final TenantHandler tenants;

    private final ReadYourWrites readYourWrites;

    public TenantMutations(TenantHandler tenants, ReadYourWrites readYourWrites) {
        this.tenants = tenants;
        this.readYourWrites = readYourWrites;
    }

    @MutationMapping
    public Mono<Result> registerTenant(@Argument String name, @Argument String commandId, @Argument ReadYourWrites.Consistency consistency,
            Principal principal) {
        return Mono.defer(() -> tenants.register(Callers.requester(principal), name, Arguments.commandId(commandId)))
                .flatMap(r -> readYourWrites.after(consistency, r.stream(), r.version(), r.last(), r));
    }

    @MutationMapping
    public Mono<Result> renameTenant(@Argument String name, @Argument String commandId, @Argument ReadYourWrites.Consistency consistency,
            Principal principal) {
        return Mono.defer(() -> tenants.rename(Callers.requester(principal), name, Arguments.commandId(commandId)))
                .flatMap(r -> readYourWrites.after(consistency, r.stream(), r.version(), r.last(), r));
    }

    @MutationMapping
    public Mono<Result> suspendTenant(
            @Argument String tenantId, @Argument String reason, @Argument String commandId, @Argument ReadYourWrites.Consistency consistency,
            Principal principal) {
        return Mono.defer(() -> tenants.suspend(Callers.requester(principal),
                TenantId.parse(tenantId, "tenantId"), reason, Arguments.commandId(commandId)))
                .flatMap(r -> readYourWrites.after(consistency, r.stream(), r.version(), r.last(), r));
    }

    @MutationMapping
    public Mono<Result> reactivateTenant(@Argument String tenantId, @Argument String commandId, @Argument ReadYourWrites.Consistency consistency,
            Principal principal) {
        return Mono.defer(() -> tenants.reactivate(Callers.requester(principal),
                TenantId.parse(tenantId, "tenantId"), Arguments.commandId(commandId)))
                .flatMap(r -> readYourWrites.after(consistency, r.stream(), r.version(), r.last(), r));
    }
}
