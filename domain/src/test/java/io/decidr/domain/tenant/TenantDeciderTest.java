package io.decidr.domain.tenant;

import static io.decidr.domain.decider.RejectionCode.ALREADY_EXISTS;
import static io.decidr.domain.decider.RejectionCode.FORBIDDEN;
import static io.decidr.domain.decider.RejectionCode.INVALID_STATE;
import static io.decidr.domain.decider.RejectionCode.NOT_FOUND;
import static io.decidr.domain.decider.RejectionCode.TENANT_SUSPENDED;
import static io.decidr.domain.decider.RejectionCode.VALIDATION_FAILED;
import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.domain.DeciderSpec;
import io.decidr.domain.access.Actor;
import io.decidr.domain.access.Role;
import io.decidr.domain.access.UserId;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TenantDeciderTest {

    private static final TenantId ID = new TenantId(UUID.fromString("00000000-0000-0000-0000-00000000000a"));
    private static final Actor PLATFORM = new Actor(new UserId("root"), Set.of(Role.PLATFORM_ADMIN));
    private static final Actor ADMIN = new Actor(new UserId("ada"), Set.of(Role.ADMIN));
    private static final Actor MEMBER = new Actor(new UserId("max"), Set.of(Role.MEMBER));

    private static final TenantRegistered REGISTERED = new TenantRegistered(ID, "Acme");
    private static final TenantSuspended SUSPENDED = new TenantSuspended(ID, "unpaid");

    private final DeciderSpec<TenantCommand, TenantState, TenantEvent> spec = DeciderSpec.of(TenantDecider.INSTANCE);

    @Test
    void registersWithStrippedName() {
        spec.given().when(new RegisterTenant(ID, "  Acme \n", PLATFORM)).then(REGISTERED);
    }

    @Test
    void registeringNeedsPlatformAdmin() {
        spec.given().when(new RegisterTenant(ID, "Acme", ADMIN)).thenRejected(FORBIDDEN);
    }

    @Test
    void registeringTwiceIsRejected() {
        spec.given(REGISTERED).when(new RegisterTenant(ID, "Acme", PLATFORM)).thenRejected(ALREADY_EXISTS);
    }

    @Test
    void registeringNeedsAName() {
        spec.given().when(new RegisterTenant(ID, "   ", PLATFORM)).thenRejected(VALIDATION_FAILED, "name");
        spec.given().when(new RegisterTenant(ID, null, PLATFORM)).thenRejected(VALIDATION_FAILED, "name");
        spec.given().when(new RegisterTenant(ID, "x".repeat(201), PLATFORM)).thenRejected(VALIDATION_FAILED, "name");
        spec.given().when(new RegisterTenant(ID, "x".repeat(200), PLATFORM))
                .then(new TenantRegistered(ID, "x".repeat(200)));
    }

    @Test
    void renamesByTenantAdminOrPlatformAdmin() {
        TenantRenamed renamed = new TenantRenamed(ID, "Acme Corp");
        spec.given(REGISTERED).when(new RenameTenant(ID, " Acme Corp ", ADMIN)).then(renamed);
        spec.given(REGISTERED).when(new RenameTenant(ID, "Acme Corp", PLATFORM)).then(renamed);
    }

    @Test
    void renamingToTheSameNameChangesNothing() {
        spec.given(REGISTERED).when(new RenameTenant(ID, " Acme ", ADMIN)).thenNoEvents();
    }

    @Test
    void renamingNeedsAnAdmin() {
        spec.given(REGISTERED).when(new RenameTenant(ID, "Other", MEMBER)).thenRejected(FORBIDDEN);
    }

    @Test
    void renamingAMissingTenantIsRejected() {
        spec.given().when(new RenameTenant(ID, "Other", ADMIN)).thenRejected(NOT_FOUND);
    }

    @Test
    void renamingASuspendedTenantIsRejected() {
        spec.given(REGISTERED, SUSPENDED).when(new RenameTenant(ID, "Other", PLATFORM)).thenRejected(TENANT_SUSPENDED);
    }

    @Test
    void renamingNeedsAValidName() {
        spec.given(REGISTERED).when(new RenameTenant(ID, "", ADMIN)).thenRejected(VALIDATION_FAILED, "name");
        spec.given(REGISTERED).when(new RenameTenant(ID, "x".repeat(201), ADMIN))
                .thenRejected(VALIDATION_FAILED, "name");
    }

    @Test
    void suspendsWithStrippedReason() {
        spec.given(REGISTERED).when(new SuspendTenant(ID, " unpaid ", PLATFORM)).then(SUSPENDED);
    }

    @Test
    void suspendingNeedsPlatformAdmin() {
        spec.given(REGISTERED).when(new SuspendTenant(ID, "unpaid", ADMIN)).thenRejected(FORBIDDEN);
    }

    @Test
    void suspendingAMissingTenantIsRejected() {
        spec.given().when(new SuspendTenant(ID, "unpaid", PLATFORM)).thenRejected(NOT_FOUND);
    }

    @Test
    void suspendingASuspendedTenantIsRejected() {
        spec.given(REGISTERED, SUSPENDED).when(new SuspendTenant(ID, "again", PLATFORM)).thenRejected(INVALID_STATE);
    }

    @Test
    void suspendingNeedsAReason() {
        spec.given(REGISTERED).when(new SuspendTenant(ID, " ", PLATFORM)).thenRejected(VALIDATION_FAILED, "reason");
        spec.given(REGISTERED).when(new SuspendTenant(ID, "x".repeat(1_001), PLATFORM))
                .thenRejected(VALIDATION_FAILED, "reason");
    }

    @Test
    void reactivatesASuspendedTenant() {
        spec.given(REGISTERED, SUSPENDED).when(new ReactivateTenant(ID, PLATFORM)).then(new TenantReactivated(ID));
    }

    @Test
    void reactivatingNeedsPlatformAdmin() {
        spec.given(REGISTERED, SUSPENDED).when(new ReactivateTenant(ID, ADMIN)).thenRejected(FORBIDDEN);
    }

    @Test
    void reactivatingAMissingTenantIsRejected() {
        spec.given().when(new ReactivateTenant(ID, PLATFORM)).thenRejected(NOT_FOUND);
    }

    @Test
    void reactivatingAnActiveTenantIsRejected() {
        spec.given(REGISTERED).when(new ReactivateTenant(ID, PLATFORM)).thenRejected(INVALID_STATE);
    }

    @Test
    void evolvesThroughItsLifecycle() {
        assertThat(spec.given().state()).isEqualTo(new TenantState(false, null, null, false, null, Set.of(), false));
        assertThat(spec.given(REGISTERED, new TenantRenamed(ID, "Acme Corp"), SUSPENDED).state())
                .isEqualTo(new TenantState(true, ID, "Acme Corp", true, "unpaid", Set.of(), false));
        assertThat(spec.given(REGISTERED, SUSPENDED, new TenantReactivated(ID)).state())
                .isEqualTo(new TenantState(true, ID, "Acme", false, null, Set.of(), false));
    }

    @Test
    void grantsAnAdminOnce() {
        AdminGranted granted = new AdminGranted(ID, new UserId("ada"));
        spec.given(REGISTERED).when(new GrantAdmin(ID, new UserId("ada"), PLATFORM)).then(granted);
        spec.given(REGISTERED, granted).when(new GrantAdmin(ID, new UserId("ada"), PLATFORM)).thenNoEvents();
        assertThat(spec.given(REGISTERED, granted, new AdminGranted(ID, new UserId("bo"))).state().admins())
                .containsExactlyInAnyOrder(new UserId("ada"), new UserId("bo"));
    }

    @Test
    void grantingAdminsNeedsPlatformAdmin() {
        spec.given(REGISTERED).when(new GrantAdmin(ID, new UserId("ada"), ADMIN)).thenRejected(FORBIDDEN);
    }

    @Test
    void grantingAnAdminOfAMissingOrSuspendedTenantIsRejected() {
        spec.given().when(new GrantAdmin(ID, new UserId("ada"), PLATFORM)).thenRejected(NOT_FOUND);
        spec.given(REGISTERED, SUSPENDED).when(new GrantAdmin(ID, new UserId("ada"), PLATFORM))
                .thenRejected(TENANT_SUSPENDED);
    }

    @Test
    void adminsOutliveSuspensionAndRenaming() {
        AdminGranted granted = new AdminGranted(ID, new UserId("ada"));
        assertThat(spec.given(REGISTERED, granted, SUSPENDED, new TenantReactivated(ID), new TenantRenamed(ID, "Acme Corp"))
                .state()).isEqualTo(new TenantState(true, ID, "Acme Corp", false, null, Set.of(new UserId("ada")), false));
    }

    @Test
    void adminsAllowPersonalValuesInIntegrationEventsAndStopIt() {
        PersonalValueSharingChanged shared = new PersonalValueSharingChanged(ID, true);
        spec.given(REGISTERED).when(new SharePersonalValues(ID, true, ADMIN)).then(shared);
        spec.given(REGISTERED, shared).when(new SharePersonalValues(ID, true, PLATFORM)).thenNoEvents();
        spec.given(REGISTERED, shared).when(new SharePersonalValues(ID, false, ADMIN))
                .then(new PersonalValueSharingChanged(ID, false));
        spec.given(REGISTERED).when(new SharePersonalValues(ID, false, ADMIN)).thenNoEvents();
        assertThat(spec.given(REGISTERED).state().sharesPersonalValues()).isFalse();
        assertThat(spec.given(REGISTERED, shared, new TenantRenamed(ID, "Acme Corp")).state().sharesPersonalValues())
                .isTrue();
        spec.given(REGISTERED).when(new SharePersonalValues(ID, true, MEMBER)).thenRejected(FORBIDDEN);
        spec.given().when(new SharePersonalValues(ID, true, ADMIN)).thenRejected(NOT_FOUND);
        spec.given(REGISTERED, SUSPENDED).when(new SharePersonalValues(ID, true, ADMIN)).thenRejected(TENANT_SUSPENDED);
    }
}
