package io.decidr.workflows.crash;

import io.decidr.application.command.CommandBus;
import io.decidr.application.handlers.CollectionHandler;
import io.decidr.application.handlers.EntityHandler;
import io.decidr.application.handlers.Handlers;
import io.decidr.application.handlers.JobHandler;
import io.decidr.devservices.temporal.TemporalDevServer;
import io.decidr.eventstore.PostgresCollectionMembership;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.testing.TestPostgres;
import io.decidr.eventstore.upload.UploadStore;
import io.decidr.workflows.testing.TestKeys;
import io.decidr.workflows.TaskQueues;
import io.decidr.workflows.job.ComputeJobActivities;
import io.decidr.workflows.job.ComputeJobWorkflowImpl;
import io.decidr.workflows.link.LinkActivitiesImpl;
import io.decidr.workflows.link.LinkEntitiesWorkflowImpl;
import io.decidr.workflows.link.UnlinkEntitiesWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A Temporal worker process of its own, to be killed: polls {@link TaskQueues#SAGAS} (the link and unlink sagas) and
 * {@link TaskQueues#JOBS} (compute jobs) on the dev server named by its arguments, with the real activities over the
 * event store in the PostgreSQL database named by its arguments, as the platform's worker role wires them.
 *
 * <pre>{@code
 * java -cp <test classpath> io.decidr.workflows.crash.WorkerChild \
 *     <temporal target> <pg host> <pg port> <pg database> <max job items per second> [sticky: true|false]
 * }</pre>
 *
 * <p>It prints {@value #READY} on standard output once its workers poll, then runs until the process ends.
 */
public final class WorkerChild {

    static final String READY = "@@ready";

    private WorkerChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        PrintStream out = System.out;
        String target = args[0];
        TestPostgres.Database database = new TestPostgres.Database(args[1], Integer.parseInt(args[2]), args[3]);
        int maxItemsPerSecond = Integer.parseInt(args[4]);

        var pool = database.pool(8);
        PostgresEventStore store = new PostgresEventStore(pool);
        CommandBus bus = TestKeys.bus(store);
        Handlers handlers = Handlers.over(bus);
        CollectionHandler collections = handlers.collections();
        EntityHandler entities = handlers.entities();
        JobHandler jobs = handlers.jobs();

        WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(
                WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
        WorkflowClient client = WorkflowClient.newInstance(service,
                WorkflowClientOptions.newBuilder().setNamespace(TemporalDevServer.NAMESPACE)
                        .setIdentity("worker-child-" + ProcessHandle.current().pid()).build());
        WorkerFactory factory = WorkerFactory.newInstance(client);
        // No sticky execution. A real server hands a workflow task queued for a worker's sticky queue to any worker
        // after the sticky schedule-to-start timeout (5 s by default); the Java test server has no such timeout, so a
        // task queued for the sticky queue of a killed worker would stay there, and its workflow hang, for good (a
        // restarted worker has a new identity, hence a new sticky queue). Without it every workflow task replays the
        // workflow's full history, which the kills test too.
        // On the real dev server (args[5] "true") sticky execution stays on, as in production: the server hands a dead
        // worker's sticky tasks to the others after the timeout.
        boolean sticky = args.length > 5 && Boolean.parseBoolean(args[5]);
        WorkerOptions options = sticky ? WorkerOptions.getDefaultInstance()
                : WorkerOptions.newBuilder().setStickyQueueScheduleToStartTimeout(Duration.ZERO).build();
        Worker sagas = factory.newWorker(TaskQueues.SAGAS, options);
        sagas.registerWorkflowImplementationTypes(LinkEntitiesWorkflowImpl.class, UnlinkEntitiesWorkflowImpl.class);
        sagas.registerActivitiesImplementations(new LinkActivitiesImpl(entities));
        Worker computeJobs = factory.newWorker(TaskQueues.JOBS, options);
        computeJobs.registerWorkflowImplementationTypes(ComputeJobWorkflowImpl.class);
        computeJobs.registerActivitiesImplementations(new ComputeJobActivities(jobs, entities, collections,
                new PostgresCollectionMembership(pool), new UploadStore(pool, UploadStore.Limits.DEFAULTS), maxItemsPerSecond));
        factory.start();

        out.println(READY);
        out.flush();
        // runs until killed; nothing here is closed: the point is a worker that never gets to
        new CountDownLatch(1).await();
    }
}
