package io.decidr.bench;

import io.decidr.platform.config.ProjectorRole;
import io.decidr.projections.runtime.ManagedProjector;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits until every projector of the platform has applied every committed event (its lag is zero); at once when the
 * projector role is off ({@code --set decidr.roles.projector.enabled=false}), since then nothing follows the log.
 */
public final class ProjectionLag {

    private ProjectionLag() {
    }

    public static void awaitCaughtUp(Platform platform, Duration atMost) {
        ProjectorRole role = platform.bean(ProjectorRole.class);
        if (!role.enabled()) {
            return;
        }
        long deadline = System.nanoTime() + atMost.toNanos();
        while (true) {
            long behind = 0;
            for (ManagedProjector projector : role.projectors()) {
                behind += projector.status().block(Duration.ofSeconds(30)).eventsBehind();
            }
            if (behind == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("projectors still " + behind + " events behind after " + atMost);
            }
            // a bench waiting for a background process: polling its public lag is what an operator would do
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }
}
