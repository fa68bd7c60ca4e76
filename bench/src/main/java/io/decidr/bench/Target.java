package io.decidr.bench;

import java.util.Locale;

/** What a row must reach, as the throughput issue states it; checked against the row's own figures. */
public sealed interface Target {

    boolean met(Row row);

    /** At least this ratio to the row's baseline. */
    record Ratio(double atLeast) implements Target {
        public boolean met(Row row) {
            return row.ratio() >= atLeast;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, ">=%.1fx", atLeast);
        }
    }

    /** A p99 under this many milliseconds. */
    record P99(double millis) implements Target {
        public boolean met(Row row) {
            return row.measured().p99() < millis;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "p99<%.0fms", millis);
        }
    }

    /** A p50 under this many milliseconds. */
    record P50(double millis) implements Target {
        public boolean met(Row row) {
            return row.measured().p50() < millis;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "p50<%.0fms", millis);
        }
    }

    /** At least this many operations per second. */
    record Rate(double atLeast) implements Target {
        public boolean met(Row row) {
            return row.measured().rate() >= atLeast;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, ">=%.0f/s", atLeast);
        }
    }

    /** A p50 at most this many milliseconds above the baseline's (the same work without a layer in between). */
    record AddsAtMost(double millis) implements Target {
        public boolean met(Row row) {
            return row.baseline() != null && row.measured().p50() - row.baseline().p50() <= millis;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "p50+<=%.0fms", millis);
        }
    }

    /** All of them. */
    record All(java.util.List<Target> targets) implements Target {
        public boolean met(Row row) {
            return targets.stream().allMatch(target -> target.met(row));
        }

        @Override
        public String toString() {
            return String.join(" ", targets.stream().map(Target::toString).toList());
        }
    }
}
