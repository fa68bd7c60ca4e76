package io.decidr.platform.abuse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** The latency of every HTTP request of a run, with the slowest ones named. */
final class Latencies {

    /** One timed request. */
    record Sample(long millis, String target) {
    }

    private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();

    void record(long millis, String target) {
        samples.add(new Sample(millis, target));
    }

    int count() {
        return samples.size();
    }

    /** The latency below which {@code percent} of the requests fall (nearest rank); 0 with no samples. */
    long percentile(double percent) {
        List<Long> sorted = new ArrayList<>(samples.stream().map(Sample::millis).toList());
        if (sorted.isEmpty()) {
            return 0;
        }
        Collections.sort(sorted);
        int rank = (int) Math.ceil(percent / 100 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    List<Sample> slowest(int n) {
        return samples.stream().sorted((a, b) -> Long.compare(b.millis(), a.millis())).limit(n).toList();
    }
}
