package io.decidr.platform.temporal;

import io.decidr.workflows.TaskQueues;
import io.temporal.activity.Activity;
import io.temporal.spring.boot.ActivityImpl;
import org.springframework.core.env.Environment;

/** A Spring bean (see {@link ProbeConfiguration}): it greets with the application's name from the context. */
@ActivityImpl(taskQueues = TaskQueues.SAGAS)
public class ProbeActivitiesImpl implements ProbeActivities {

    private final Environment environment;

    public ProbeActivitiesImpl(Environment environment) {
        this.environment = environment;
    }

    @Override
    public Greeting greet(String name) {
        return new Greeting("Hello " + name + " from " + environment.getProperty("spring.application.name"),
                Activity.getExecutionContext().getInfo().getActivityTaskQueue());
    }
}
