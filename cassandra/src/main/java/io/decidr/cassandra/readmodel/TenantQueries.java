package io.decidr.cassandra.readmodel;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.decidr.cassandra.readmodel.Views.TenantView;
import java.util.UUID;
import reactor.core.publisher.Mono;

/** The {@code tenants} read model's query (the table {@link TenantWriter} writes). */
public final class TenantQueries {

    private final ReadModelStatements statements;
    private volatile PreparedStatement tenant;

    TenantQueries(ReadModelStatements statements, int generation) {
        this.statements = statements;
        use(generation);
    }

    /** Answers from that generation's table from now on; prepares first, which blocks. */
    void use(int generation) {
        tenant = statements.prepare(ReadModel.TENANTS, generation, "SELECT * FROM tenants WHERE tenant_id = :tenant");
    }

    public Mono<TenantView> tenant(UUID tenantId) {
        return statements.one(tenant.bind().setUuid("tenant", tenantId), row -> new TenantView(row.getUuid("tenant_id"),
                row.getString("name"), row.getBoolean("suspended"), row.getString("suspension_reason"), row.getLong("version"),
                Boolean.TRUE.equals(row.get("shares_personal_values", Boolean.class))));
    }
}
