package io.decidr.bench;

import java.util.Locale;

/**
 * Where the machine's CPU went during a measurement, as shares of all its cores (so the parts and idle add up to
 * 100): this JVM (the platform and the bench's clients), PostgreSQL, Cassandra, Temporal's server, the rest.
 *
 * @param appGc the part of {@code app} its garbage collector took (not a part of its own: within app)
 */
public record CpuSplit(double app, double postgres, double cassandra, double temporal, double other, double idle,
        double appGc) {

    public static final CpuSplit UNKNOWN = new CpuSplit(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN);

    @Override
    public String toString() {
        if (Double.isNaN(app)) {
            return "-";
        }
        return String.format(Locale.ROOT, "app %.0f pg %.0f cas %.0f tmp %.0f oth %.0f idle %.0f",
                app, postgres, cassandra, temporal, other, idle);
    }
}
