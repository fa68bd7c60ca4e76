/**
 * Spring wiring: the event store and command bus, Cassandra, the projectors, Temporal, and the runtime roles
 * {@code projector} and {@code worker}.
 */
package io.decidr.platform.config;
