package io.decidr.platform.graphql;

import io.decidr.application.handlers.Requester;
import io.decidr.application.handlers.Result;
import io.decidr.application.handlers.TenantHandler;
import io.decidr.domain.tenant.TenantId;
import io.decidr.workflows.onboarding.CreatedCollection;
import io.decidr.workflows.onboarding.OnboardingClient;
import java.util.List;
import java.util.UUID;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/** Tenant mutations; onboarding a tenant runs as a saga ({@link OnboardingClient}). */
@Controller
public class TenantMutations {

    private final TenantHandler tenants;

    private final OnboardingClient onboarding;

    private final ReadYourWrites readYourWrites;

    public TenantMutations(TenantHandler tenants, OnboardingClient onboarding, ReadYourWrites readYourWrites) {
        this.tenants = tenants;
        this.onboarding = onboarding;
        this.readYourWrites = readYourWrites;
    }

    /** The GraphQL {@code OnboardingResult}. */
    public record OnboardingResult(UUID tenantId, long version, List<CreatedCollection> collections, boolean duplicate) {
    }

    /** Runs as a saga ({@link OnboardingClient}) and answers once it has ended. */
    @MutationMapping
    public Mono<OnboardingResult> onboardTenant(@Argument String name, @Argument String template, @Argument String adminUser,
            @Argument String commandId, @Argument ReadYourWrites.Consistency consistency, Requester requester) {
        return readYourWrites.write(consistency, () -> onboarding.onboard(requester, name, template, adminUser,
                        Arguments.commandId(commandId)))
                .map(o -> new OnboardingResult(o.tenantId(), o.version(), o.collections(), o.duplicate()));
    }

    @MutationMapping
    public Mono<Result> registerTenant(@Argument String name, @Argument String commandId, @Argument ReadYourWrites.Consistency consistency,
            Requester requester) {
        return readYourWrites.write(consistency, () -> tenants.register(requester, name, Arguments.commandId(commandId)));
    }

    @MutationMapping
    public Mono<Result> renameTenant(@Argument String name, @Argument String commandId, @Argument ReadYourWrites.Consistency consistency,
            Requester requester) {
        return readYourWrites.write(consistency, () -> tenants.rename(requester, name, Arguments.commandId(commandId)));
    }

    @MutationMapping
    public Mono<Result> sharePersonalValues(@Argument boolean shared, @Argument String commandId,
            @Argument ReadYourWrites.Consistency consistency, Requester requester) {
        return readYourWrites.write(consistency, () -> tenants.sharePersonalValues(requester, shared,
                Arguments.commandId(commandId)));
    }

    @MutationMapping
    public Mono<Result> suspendTenant(
            TenantId tenantId, @Argument String reason, @Argument String commandId, @Argument ReadYourWrites.Consistency consistency,
            Requester requester) {
        return readYourWrites.write(consistency, () -> tenants.suspend(requester,
                tenantId, reason, Arguments.commandId(commandId)));
    }

    @MutationMapping
    public Mono<Result> reactivateTenant(TenantId tenantId, @Argument String commandId, @Argument ReadYourWrites.Consistency consistency,
            Requester requester) {
        return readYourWrites.write(consistency, () -> tenants.reactivate(requester,
                tenantId, Arguments.commandId(commandId)));
    }
}
