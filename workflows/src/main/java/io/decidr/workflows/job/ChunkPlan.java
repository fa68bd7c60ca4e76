package io.decidr.workflows.job;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where the next chunks of a job start, so that the workflow can run them side by side: chunk {@code i} starts at
 * {@code starts.get(i)} and ends where chunk {@code i + 1} starts (the last where {@code after} says).
 *
 * @param starts the chunks' first positions, in order ({@code null} is the very beginning of a job)
 * @param after  where the chunk after the last one starts; null when the last one is the job's last
 * @param oneAtATime whether a chunk may start only once the one before it is done: an import that stops at its first
 *                   bad row ({@code onError: FAIL}) creates no row after that one
 */
public record ChunkPlan(List<String> starts, String after, boolean oneAtATime) {

    public ChunkPlan {
        // positions may be null (the beginning), which List.copyOf refuses
        starts = Collections.unmodifiableList(new ArrayList<>(starts));
    }
}
