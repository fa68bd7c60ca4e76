package io.decidr.application.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decidr.domain.access.Actor;
import io.decidr.domain.access.Role;
import io.decidr.domain.access.UserId;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.decider.RejectionCode;
import io.decidr.domain.job.JobKind;
import io.decidr.domain.tenant.TenantId;
import io.decidr.eventstore.codec.Sealing;
import io.decidr.eventstore.personal.LocalMasterKeys;
import io.decidr.eventstore.personal.PostgresPersonalKeys;
import io.decidr.eventstore.testing.TestPostgres;
import io.r2dbc.pool.ConnectionPool;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a schedule keeps of its jobs' parameters, with keys in a real PostgreSQL: an import's sealed with the schedule's
 * own key and opened as given until the schedule is deleted; other kinds' kept and shown as given, never opened; a
 * sealed value given as parameters refused.
 */
class ScheduleParametersIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static ConnectionPool pool;
    private static PostgresPersonalKeys keys;

    private final UUID tenant = UUID.randomUUID();
    private final Requester admin = new Requester(new TenantId(tenant),
            new Actor(new UserId("ada"), Set.of(Role.ADMIN, Role.MEMBER)));

    @BeforeAll
    static void start() {
        pool = TestPostgres.newDatabase().pool(2);
        keys = new PostgresPersonalKeys(pool, new LocalMasterKeys(Map.of("m1", new byte[32]), "m1"), Duration.ZERO);
    }

    @AfterAll
    static void stop() {
        pool.dispose();
    }

    @Test
    void an_imports_rows_are_kept_sealed_with_the_schedules_key_until_it_is_deleted() {
        ScheduleParameters parameters = new ScheduleParameters(keys);
        UUID schedule = UUID.randomUUID();
        String given = "{\"format\":\"CSV\",\"data\":\"Email\\nada@example.org\\n\"}";
        String kept = parameters.seal(admin, schedule, JobKind.IMPORT, given).block(WAIT);
        assertThat(kept).contains(Sealing.MARK).doesNotContain("ada@example.org");
        assertThat(parameters.open(tenant, JobKind.IMPORT, kept).block(WAIT)).isEqualTo(given);
        // another tenant's keys never open it
        assertThat(parameters.open(UUID.randomUUID(), JobKind.IMPORT, kept).block(WAIT))
                .isEqualTo(ScheduleParameters.ERASED);

        parameters.forget(admin, schedule, JobKind.IMPORT, kept).block(WAIT);
        assertThat(parameters.open(tenant, JobKind.IMPORT, kept).block(WAIT)).isEqualTo(ScheduleParameters.ERASED);
        parameters.forget(admin, schedule, JobKind.IMPORT, kept).block(WAIT);
        // the same command after the delete: the schedule's key is gone for good
        assertThatThrownBy(() -> parameters.seal(admin, schedule, JobKind.IMPORT, given).block(WAIT))
                .isInstanceOfSatisfying(Rejection.class, refused -> assertThat(refused.code())
                        .isEqualTo(RejectionCode.INVALID_STATE));
    }

    @Test
    void other_kinds_are_kept_as_given_and_never_opened_and_sealed_values_are_refused_as_parameters() {
        ScheduleParameters parameters = new ScheduleParameters(keys);
        String formula = "{\"expression\":\"Price * Quantity\",\"target\":\"Total\"}";
        assertThat(parameters.seal(admin, UUID.randomUUID(), JobKind.FORMULA, formula).block(WAIT)).isEqualTo(formula);

        // an entity's sealed value, as a schedule of a formula might try to keep it, is not opened
        UUID entity = UUID.randomUUID();
        String sealedElsewhere = parameters.seal(admin, entity, JobKind.IMPORT, "secret").block(WAIT);
        assertThat(parameters.open(tenant, JobKind.FORMULA, sealedElsewhere).block(WAIT)).isEqualTo(sealedElsewhere);
        for (JobKind kind : JobKind.values()) {
            assertThatThrownBy(() -> parameters.seal(admin, UUID.randomUUID(), kind, sealedElsewhere).block(WAIT))
                    .as(kind.name())
                    .isInstanceOfSatisfying(Rejection.class, refused -> {
                        assertThat(refused.code()).isEqualTo(RejectionCode.VALIDATION_FAILED);
                        assertThat(refused.field()).contains("params");
                    });
        }
    }
}
