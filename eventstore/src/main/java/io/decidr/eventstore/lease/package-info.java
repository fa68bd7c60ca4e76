/**
 * Named leases with fencing epochs in PostgreSQL: which process runs a singleton (a projector), and the epoch that
 * lets the stores it writes refuse a holder that lost it.
 */
package io.decidr.eventstore.lease;
