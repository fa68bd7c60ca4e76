package io.decidr.bench;

/**
 * One line of the table.
 *
 * @param workload  what ran, e.g. {@code create}
 * @param variant   how, e.g. {@code 16 clients}
 * @param measured  the platform's figures
 * @param baseline  what the same work costs the database alone in the same run (null when there is none)
 * @param baselineName which raw operation the baseline is
 * @param target    what the issue asks of this row (null when nothing)
 */
public record Row(String workload, String variant, Measured measured, Measured baseline, String baselineName, Target target) {

    public static Row of(String workload, String variant, Measured measured) {
        return new Row(workload, variant, measured, null, null, null);
    }

    public Row against(String name, Measured raw) {
        return new Row(workload, variant, measured, raw, name, target);
    }

    public Row aiming(Target aim) {
        return new Row(workload, variant, measured, baseline, baselineName, aim);
    }

    /** The rate as a share of the baseline's; NaN without one. */
    public double ratio() {
        return baseline == null || baseline.rate() == 0 ? Double.NaN : measured.rate() / baseline.rate();
    }

    /** Whether the target holds: null when there is none. */
    public Boolean met() {
        return target == null ? null : target.met(this);
    }
}
