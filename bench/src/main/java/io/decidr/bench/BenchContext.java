package io.decidr.bench;

/** What every workload gets: the running platform, the load driver, the sizes, a tenant to work in and the report. */
public record BenchContext(Platform platform, ClosedLoop loop, Sizes sizes, Fixture fixture, Report report) {
}
