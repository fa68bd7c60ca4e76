package io.decidr.platform.temporal;

import io.temporal.activity.ActivityInterface;

/** Test only. */
@ActivityInterface
public interface ProbeActivities {

    Greeting greet(String name);

    record Greeting(String text, String taskQueue) {
    }
}
