/**
 * Tracing (off unless {@code management.tracing.enabled}): each command runs in a span of its caller's trace
 * ({@link io.decidr.platform.tracing.CommandSpans}), its events store the trace, and a projector applies each event in
 * a span of that trace ({@link io.decidr.platform.tracing.ProjectionSpans}); Temporal's interceptors (wired by its
 * Spring Boot starter) carry the trace into workflows and activities. Logs carry the trace, tenant and correlation
 * ids ({@link io.decidr.platform.tracing.LogContext}).
 */
package io.decidr.platform.tracing;
