/**
 * Tenants: registered, renamed, suspended and reactivated by platform admins, who also grant a tenant its admins.
 * A suspended tenant's data accepts no changes (every other aggregate checks {@code CommandContext.tenantSuspended()}).
 */
package io.decidr.domain.tenant;
