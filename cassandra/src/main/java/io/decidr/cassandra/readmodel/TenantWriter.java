package io.decidr.cassandra.readmodel;

import io.decidr.cassandra.session.ReactiveCql;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.decidr.domain.tenant.AdminGranted;
import io.decidr.domain.tenant.PersonalValueSharingChanged;
import io.decidr.domain.tenant.TenantEvent;
import io.decidr.domain.tenant.TenantReactivated;
import io.decidr.domain.tenant.TenantRegistered;
import io.decidr.domain.tenant.TenantRenamed;
import io.decidr.domain.tenant.TenantSuspended;
import io.decidr.projections.readmodel.EventContext;
import io.decidr.projections.readmodel.ReadModelWriter;
import reactor.core.publisher.Mono;

/** Writes tenant events into {@code tenants}. */
public final class TenantWriter implements ReadModelWriter<TenantEvent> {

    private final ReactiveCql cql;
    private final int generation;
    private final PreparedStatement register;
    private final PreparedStatement rename;
    private final PreparedStatement suspend;
    private final PreparedStatement touch;
    private final PreparedStatement sharing;

    /** A writer into generation 1 of the read model. */
    public TenantWriter(CqlSession session) {
        this(session, 1);
    }

    /** A writer into the given generation of the read model (see {@link ReadModel}). */
    public TenantWriter(CqlSession session, int generation) {
        this.cql = new ReactiveCql(session);
        this.generation = generation;
        register = prepare("""
                UPDATE tenants USING TIMESTAMP :v SET name = :name, suspended = false, version = :v
                WHERE tenant_id = :tenant""");
        rename = prepare("UPDATE tenants USING TIMESTAMP :v SET name = :name, version = :v WHERE tenant_id = :tenant");
        suspend = prepare("""
                UPDATE tenants USING TIMESTAMP :v SET suspended = :suspended, suspension_reason = :reason, version = :v
                WHERE tenant_id = :tenant""");
        // the table has no admins (yet): an event it does not show still moves the tenant's version
        touch = prepare("UPDATE tenants USING TIMESTAMP :v SET version = :v WHERE tenant_id = :tenant");
        sharing = prepare("""
                UPDATE tenants USING TIMESTAMP :v SET shares_personal_values = :shared, version = :v
                WHERE tenant_id = :tenant""");
    }

    private PreparedStatement prepare(String statement) {
        return cql.prepare(ReadModel.TENANTS.sql(statement, generation));
    }

    @Override
    public Mono<Void> apply(EventContext ctx, TenantEvent event) {
        long v = ctx.version();
        return cql.write(switch (event) {
            case TenantRegistered e -> register.bind().setLong("v", v).setString("name", e.name()).setUuid("tenant", e.id().value());
            case TenantRenamed e -> rename.bind().setLong("v", v).setString("name", e.name()).setUuid("tenant", e.id().value());
            case TenantSuspended e -> suspend.bind().setLong("v", v).setBoolean("suspended", true)
                    .setString("reason", e.reason()).setUuid("tenant", e.id().value());
            case TenantReactivated e -> suspend.bind().setLong("v", v).setBoolean("suspended", false)
                    .setString("reason", null).setUuid("tenant", e.id().value());
            case AdminGranted e -> touch.bind().setLong("v", v).setUuid("tenant", e.id().value());
            case PersonalValueSharingChanged e -> sharing.bind().setLong("v", v).setBoolean("shared", e.shared())
                    .setUuid("tenant", e.id().value());
        });
    }
}
