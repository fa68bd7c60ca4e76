package io.decidr.workflows.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.decidr.application.command.CommandBus;
import io.decidr.application.handlers.EntityHandler;
import io.decidr.application.handlers.Handlers;
import io.decidr.application.handlers.JobHandler;
import io.decidr.devservices.temporal.DevServerSettings;
import io.decidr.devservices.temporal.TemporalCli;
import io.decidr.devservices.temporal.TemporalCliServer;
import io.decidr.devservices.temporal.TemporalDevServer;
import io.decidr.domain.entity.EntityCreated;
import io.decidr.domain.entity.EntityId;
import io.decidr.domain.entity.TextValue;
import io.decidr.domain.job.JobCompleted;
import io.decidr.domain.job.JobEvent;
import io.decidr.domain.job.JobId;
import io.decidr.domain.job.JobKind;
import io.decidr.domain.job.JobProgressed;
import io.decidr.domain.job.JobSummary;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.RecordedEvent;
import io.decidr.eventstore.StreamId;
import io.decidr.eventstore.aggregates.Aggregates;
import io.decidr.eventstore.testing.TestPostgres;
import io.decidr.workflows.testing.TestKeys;
import io.decidr.workflows.SearchAttributeRegistration;
import io.decidr.workflows.TaskQueues;
import io.decidr.workflows.WorkflowSearchAttributes;
import io.decidr.workflows.job.ComputeJobWorkflow;
import io.decidr.workflows.job.JobCounters;
import io.decidr.workflows.job.JobInput;
import io.decidr.workflows.job.JobParameters;
import io.decidr.workflows.job.JobRetry;
import io.decidr.workflows.link.LinkEntitiesWorkflow;
import io.decidr.workflows.link.LinkOutcome;
import io.r2dbc.pool.ConnectionPool;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Kill the worker anywhere; every effect happens once" (ARCHITECTURE.md, Temporal), with a real process and a real
 * SIGKILL: the Temporal worker runs in a JVM of its own ({@link WorkerChild}) against a Temporal server of its own
 * process, over gRPC (once Temporal's Java test server, with sticky execution off; once the real dev server of the
 * pinned CLI, with sticky execution on, as in production: see {@link Server}), and the event store on PostgreSQL. While it works through an IMPORT job of
 * {@value #ROWS} rows and {@value #SAGAS} link sagas (a third of them refused by their target, so they compensate),
 * it is killed 4 to 6 times, each time once it created a random number of new rows and its sagas left a random
 * number of their steps, then restarted after a short pause.
 *
 * <p>Then, from the event store: the job completed with every row done and created once (each entity's id and command
 * id are the row's), its progress never went back; each saga that links left one link and one backlink, each refused
 * one a link and its undoing on the source and nothing on the target; and from Temporal: every workflow completed.
 */
class WorkerKillIT {

    private static final Logger log = LoggerFactory.getLogger(WorkerKillIT.class);

    /** Set {@code -Ddecidr.crash.seed=<n>} to repeat a run's choices (the timing of a kill stays the machine's). */
    private static final long SEED = Long.getLong("decidr.crash.seed", System.nanoTime());
    private static final int ROWS = 1_500;
    /** ~15 s of work for the import, so that it runs across every kill. */
    private static final int MAX_ITEMS_PER_SECOND = 100;
    private static final int SAGAS = 40;
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration END_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Random random = new Random(SEED);
    private final List<Kill> kills = new ArrayList<>();

    /**
     * @param rows  import rows created when it was killed
     * @param sagas of the batch started in its life: done (both steps left their event), half-way, not begun
     */
    private record Kill(int number, long pid, long atMillis, long readyMillis, long livedMillis, long rows,
            long sagasDone, long sagasHalfWay, long sagasNotBegun, long downMillis) {
    }

    /**
     * The servers the workers are killed on. Temporal's Java test server never hands a task queued for a dead worker's
     * sticky queue to another worker, so its workers run without sticky execution (every workflow task replays the
     * whole history); the real dev server (the pinned CLI's {@code temporal server start-dev}) does after the sticky
     * schedule-to-start timeout, so there the workers keep sticky execution on, as in production.
     */
    enum Server {
        JAVA_TEST_SERVER, TEMPORAL_CLI_DEV_SERVER;

        Running start(Path logs) throws IOException, InterruptedException {
            return switch (this) {
                case JAVA_TEST_SERVER -> {
                    TemporalDevServer server = new TemporalDevServer(
                            DevServerSettings.on(0, logs.resolve("temporal-test-server.log"))).start();
                    yield new Running(server.target(), false, server);
                }
                case TEMPORAL_CLI_DEV_SERVER -> {
                    TemporalCliServer server = new TemporalCliServer(TemporalCliServer.Settings.of(TemporalCli.pinned(),
                            logs.resolve("temporal-cli-server"), 0, 0).withSearchAttributes(
                            SearchAttributeRegistration.cliDeclarations(WorkflowSearchAttributes.ALL))).start();
                    yield new Running(server.target(), true, server);
                }
            };
        }
    }

    /** A started server, and whether its workers keep sticky execution on. */
    record Running(String target, boolean sticky, AutoCloseable server) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            server.close();
        }
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Server.class)
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void a_worker_killed_mid_saga_and_mid_job_and_restarted_leaves_every_effect_exactly_once(Server server)
            throws Exception {
        long started = System.nanoTime();
        // 3 or 4 kills on each server (4 to 6 took 75-145 s each in CI, with the suite at its 30-minute budget)
        int killCount = 3 + random.nextInt(2);
        log.info("seed {} (repeat with -Ddecidr.crash.seed={}): {} kills", SEED, SEED, killCount);
        Path logs = Files.createDirectories((Files.isDirectory(Path.of("target")) ? Path.of("target")
                : Path.of(System.getProperty("java.io.tmpdir"))).resolve("worker-kill-" + System.currentTimeMillis()));
        Path workerLog = logs.resolve("worker-processes.log");

        TestPostgres.Database database = TestPostgres.newDatabase();
        ConnectionPool pool = database.pool(4);
        try (Running temporal = server.start(logs)) {
            WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(
                    WorkflowServiceStubsOptions.newBuilder().setTarget(temporal.target()).build());
            try {
                WorkflowClient client = WorkflowClient.newInstance(service,
                        WorkflowClientOptions.newBuilder().setNamespace(TemporalDevServer.NAMESPACE).build());
                assertThat(SearchAttributeRegistration.register(service, TemporalDevServer.NAMESPACE,
                        WorkflowSearchAttributes.ALL, WAIT))
                        .allMatch(outcome -> outcome instanceof SearchAttributeRegistration.Registered
                                || outcome instanceof SearchAttributeRegistration.AlreadyRegistered);

                PostgresEventStore store = new PostgresEventStore(pool);
                CommandBus bus = TestKeys.bus(store);
                Handlers handlers = Handlers.over(bus);
                SagaTenant tenant = SagaTenant.setUp(handlers.tenants(), handlers.collections(), handlers.entities());
                List<PlannedSaga> sagas = tenant.planSagas(SAGAS, random);
                JobInput job = requestImport(handlers.jobs(), tenant);
                List<String> arguments = List.of(temporal.target(), database.host(), Integer.toString(database.port()),
                        database.name(), Integer.toString(MAX_ITEMS_PER_SECOND), Boolean.toString(temporal.sticky()));
                EventTail tail = new EventTail(store);
                List<List<PlannedSaga>> batches = batches(sagas, killCount + 2);
                long setUp = System.nanoTime();

                // the job and the first sagas wait in their queues for the first worker
                startImport(client, job, tenant);
                batches.getFirst().forEach(saga -> startSaga(client, saga));
                for (int number = 1; number <= killCount; number++) {
                    killOnce(number, arguments, workerLog, tail, job, batches.get(number), client, started);
                }
                Map<String, LinkOutcome> outcomes = new HashMap<>();
                JobCounters counters;
                try (WorkerJvm last = WorkerJvm.start(arguments, workerLog)) {
                    last.awaitReady(STEP_TIMEOUT);
                    batches.getLast().forEach(saga -> startSaga(client, saga));
                    counters = client.newUntypedWorkflowStub(job.workflowId())
                            .getResult(END_TIMEOUT.toSeconds(), TimeUnit.SECONDS, JobCounters.class);
                    for (PlannedSaga saga : sagas) {
                        outcomes.put(saga.workflowId(), client.newUntypedWorkflowStub(saga.workflowId())
                                .getResult(END_TIMEOUT.toSeconds(), TimeUnit.SECONDS, LinkOutcome.class));
                    }
                }
                long ended = System.nanoTime();

                List<RecordedEvent> all = new EventTail(store).poll().events();
                assertImportedOnce(job, tenant, all);
                assertJobReports(job, all);
                assertThat(counters).as("the job workflow's result")
                        .isEqualTo(new JobCounters(ROWS, ROWS, ROWS, 0, 0, null));
                assertSagas(sagas, outcomes, all);
                Retries retries = assertEveryWorkflowCompleted(client, job, sagas);

                assertThat(kills).as("kills while the import ran").allMatch(kill -> kill.rows() < ROWS);
                assertThat(kills.stream().mapToLong(Kill::sagasHalfWay).sum()).as("sagas killed half-way").isPositive();
                assertThat(retries.jobChunks()).as("import chunks run again after a kill").isPositive();
                log.info("{} kills: {}", kills.size(), kills.stream().map(Kill::toString)
                        .collect(Collectors.joining("\n  ", "\n  ", "")));
                log.info("{} rows imported once, {} sagas ({} linked, {} refused and compensated); after the kills, {} "
                                + "retries of import chunks, {} of saga steps, {} workflow tasks timed out", ROWS, SAGAS,
                        outcomes.values().stream().filter(LinkOutcome::completed).count(),
                        outcomes.values().stream().filter(o -> !o.completed()).count(), retries.jobChunks(),
                        retries.sagaSteps(), retries.workflowTasksTimedOut());
                log.info("times: set-up {} ms, kills and work {} ms, checks {} ms, total {} ms; logs in {}",
                        millis(started, setUp), millis(setUp, ended), millis(ended, System.nanoTime()),
                        millis(started, System.nanoTime()), logs);
            } finally {
                service.shutdownNow();
                service.awaitTermination(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.dispose();
        }
    }

    /**
     * Starts a worker process and kills it with SIGKILL once it created a random number of new rows (so mid-job) and
     * then, of the sagas started meanwhile, a random number of steps left their event (so, mostly, mid-saga); then
     * pauses a little before the next worker process (the next round's, or the last) starts in its place.
     */
    private void killOnce(int number, List<String> arguments, Path workerLog, EventTail tail, JobInput job,
            List<PlannedSaga> batch, WorkflowClient client, long testStarted) {
        long down;
        try (WorkerJvm worker = WorkerJvm.start(arguments, workerLog)) {
            long spawned = System.nanoTime();
            worker.awaitReady(STEP_TIMEOUT);
            long rowsBefore = importedRows(tail.poll(), job);
            long newRows = 30 + random.nextInt(121);
            Await.until("worker process " + worker.pid() + " created " + newRows + " more rows", STEP_TIMEOUT,
                    atMostEvery(Duration.ofMillis(30), () -> {
                        long rows = importedRows(tail.poll(), job);
                        return rows >= rowsBefore + newRows || rows == ROWS;
                    }), () -> "; " + pending(client, job.workflowId()) + "; its output:\n" + worker.recentOutput());

            batch.forEach(saga -> startSaga(client, saga));
            int steps = 1 + random.nextInt(2 * batch.size() - 1);
            Await.until("the sagas of worker process " + worker.pid() + " left " + steps + " steps", STEP_TIMEOUT,
                    atMostEvery(Duration.ofMillis(10), () -> sagaSteps(batch, tail.poll().events()) >= steps),
                    () -> ":\n" + worker.recentOutput());
            assertThat(worker.alive()).as("worker process %s runs until killed:\n%s", worker.pid(), worker.recentOutput())
                    .isTrue();

            int exit = worker.kill();

            assertThat(exit).as("exit status of worker process %s", worker.pid()).isEqualTo(WorkerJvm.KILLED_BY_SIGKILL);
            long killedAt = System.nanoTime();
            List<RecordedEvent> seen = tail.poll().events();
            List<Integer> stepsLeft = batch.stream().map(saga -> SagaEffects.of(saga, seen).steps()).toList();
            down = 200 + random.nextInt(801);
            kills.add(new Kill(number, worker.pid(), millis(testStarted, killedAt), worker.millisToReady(),
                    millis(spawned, killedAt), importedRows(tail, job), stepsLeft.stream().filter(s -> s >= 2).count(),
                    stepsLeft.stream().filter(s -> s == 1).count(), stepsLeft.stream().filter(s -> s == 0).count(), down));
            log.info("{}", kills.getLast());
        }
        // the worker stays down a moment, as a crashed one would (not synchronisation: nothing waits for it)
        LockSupport.parkNanos(Duration.ofMillis(down).toNanos());
    }

    /** Records the import's request as the platform does (ComputeJobs), with its rows in the parameters. */
    private static JobInput requestImport(JobHandler jobs, SagaTenant tenant) throws JsonProcessingException {
        String csv = IntStream.range(0, ROWS).mapToObj(i -> row(i) + "," + i)
                .collect(Collectors.joining("\n", "Name,Score\n", "\n"));
        String parameters = JobParameters.JSON.writeValueAsString(Map.of("format", "CSV", "data", csv, "onError", "FAIL"));
        UUID jobId = jobs.request(tenant.ada, JobKind.IMPORT, tenant.contacts, parameters, UUID.randomUUID())
                .block(WAIT).id();
        // every kill can cost the chunk in hand an attempt, and one chunk may be hit by every kill: more attempts than kills
        return JobInput.first(tenant.ada, new JobId(jobId), JobKind.IMPORT, tenant.contacts,
                new JobRetry(10, JobRetry.DEFAULT.initialInterval(), JobRetry.DEFAULT.maximumInterval()));
    }

    /** Starts the job's workflow with the options ComputeJobs gives it. */
    private static void startImport(WorkflowClient client, JobInput job, SagaTenant tenant) {
        WorkflowOptions options = WorkflowOptions.newBuilder()
                .setTaskQueue(TaskQueues.JOBS)
                .setWorkflowId(job.workflowId())
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .setTypedSearchAttributes(SearchAttributes.newBuilder()
                        .set(WorkflowSearchAttributes.TENANT_ID, tenant.ada.tenant().toString())
                        .set(WorkflowSearchAttributes.JOB_KIND, JobKind.IMPORT.name())
                        .set(WorkflowSearchAttributes.COLLECTION_ID, tenant.contacts.toString())
                        .set(WorkflowSearchAttributes.JOB_STATUS, "REQUESTED")
                        .build())
                .build();
        WorkflowClient.start(client.newWorkflowStub(ComputeJobWorkflow.class, options)::run, job);
    }

    private static void startSaga(WorkflowClient client, PlannedSaga saga) {
        LinkEntitiesWorkflow stub = client.newWorkflowStub(LinkEntitiesWorkflow.class, WorkflowOptions.newBuilder()
                .setTaskQueue(TaskQueues.SAGAS).setWorkflowId(saga.workflowId()).build());
        WorkflowClient.start(stub::link, saga.request());
    }

    /** Exactly one entity.created per row, with the row's entity id, command id and name, and nothing else on it. */
    private static void assertImportedOnce(JobInput job, SagaTenant tenant, List<RecordedEvent> all) {
        Map<EntityId, Integer> rowOf = new HashMap<>();
        for (int i = 0; i < ROWS; i++) {
            rowOf.put(EntityHandler.createdBy(job.requester(), rowCommand(job, i)), i);
        }
        List<RecordedEvent> created = all.stream().filter(e -> e.type().equals("entity.created"))
                .filter(e -> Aggregates.ENTITY.events().decode(e) instanceof EntityCreated c
                        && c.collection().equals(tenant.contacts))
                .toList();
        long strangers = created.stream().filter(e -> !rowOf.containsKey(new EntityId(entityOf(e.stream())))).count();
        assertThat(created.size()).as("entities created in the imported collection, %d of them no row's own",
                strangers).isEqualTo(ROWS);
        Map<EntityId, Integer> createdOf = new HashMap<>();
        for (RecordedEvent event : created) {
            EntityCreated entity = (EntityCreated) Aggregates.ENTITY.events().decode(event);
            Integer row = rowOf.get(entity.id());
            assertThat(row).as("the row of entity %s", entity.id()).isNotNull();
            assertThat(createdOf.merge(entity.id(), 1, Integer::sum)).as("creations of entity %s", entity.id()).isOne();
            assertThat(commandId(event)).as("command of entity %s", entity.id()).isEqualTo(rowCommand(job, row));
            assertThat(entity.values().get(tenant.name)).isEqualTo(new TextValue(row(row)));
        }
        assertThat(createdOf.keySet()).as("every row's entity").isEqualTo(rowOf.keySet());
        Map<String, Long> eventsPerImportedEntity = all.stream()
                .filter(e -> rowOf.containsKey(new EntityId(entityOf(e.stream()))))
                .collect(Collectors.groupingBy(e -> e.stream().value(), Collectors.counting()));
        assertThat(eventsPerImportedEntity.values()).as("events per imported entity (nothing undone)")
                .hasSize(ROWS).containsOnly(1L);
    }

    /** The job's own stream: requested, started once, progress that only moves forward to the total, completed once. */
    private static void assertJobReports(JobInput job, List<RecordedEvent> all) {
        StreamId stream = StreamId.of("job", job.tenantId(), job.jobId());
        List<RecordedEvent> reports = all.stream().filter(e -> e.stream().equals(stream)).toList();
        Map<String, Long> types = reports.stream().collect(Collectors.groupingBy(RecordedEvent::type, Collectors.counting()));
        assertThat(types).as("the job's events by type").containsOnlyKeys("job.requested", "job.started",
                "job.progressed", "job.completed").containsEntry("job.requested", 1L).containsEntry("job.started", 1L)
                .containsEntry("job.completed", 1L);
        assertThat(reports.getLast().type()).isEqualTo("job.completed");
        // the request's parameters are sealed (an import's rows may be personal): the reports are read
        List<JobEvent> events = reports.stream().filter(e -> !e.type().equals("job.requested"))
                .map(e -> Aggregates.JOB.events().decode(e)).toList();
        List<Long> done = events.stream().filter(JobProgressed.class::isInstance).map(e -> ((JobProgressed) e).done())
                .toList();
        assertThat(done).as("progress reported").isSortedAccordingTo(Long::compare).doesNotHaveDuplicates()
                .endsWith((long) ROWS);
        assertThat(events.stream().filter(JobProgressed.class::isInstance).map(e -> ((JobProgressed) e).total()))
                .containsOnly((long) ROWS);
        assertThat(((JobCompleted) events.getLast()).summary()).isEqualTo(new JobSummary(ROWS, 0, 0));
    }

    /**
     * A saga that links: one link on its source, one backlink naming the source on its target. A refused one: the
     * link and its undoing on the source, nothing on the target; and the refusal it was planned for.
     */
    private static void assertSagas(List<PlannedSaga> sagas, Map<String, LinkOutcome> outcomes, List<RecordedEvent> all) {
        for (PlannedSaga saga : sagas) {
            LinkOutcome outcome = outcomes.get(saga.workflowId());
            SagaEffects effects = SagaEffects.of(saga, all);
            if (saga.links()) {
                assertThat(outcome.completed()).as("%s linked", saga.workflowId()).isTrue();
                assertThat(effects).as(saga.workflowId()).isEqualTo(new SagaEffects(List.of("entity.linked"),
                        List.of("entity.backlink-added")));
            } else {
                assertThat(outcome.completed()).as("%s refused", saga.workflowId()).isFalse();
                assertThat(outcome.refusal().code()).as(saga.workflowId()).isEqualTo(saga.refusal());
                assertThat(effects).as(saga.workflowId()).isEqualTo(new SagaEffects(
                        List.of("entity.linked", "entity.unlinked"), List.of()));
            }
        }
    }

    /** How often Temporal ran something again because a worker died with it: attempts after the first. */
    private record Retries(long jobChunks, long sagaSteps, long workflowTasksTimedOut) {
    }

    /** Every workflow (the job's last run, each saga) closed completed; counts what ran again after the kills. */
    private static Retries assertEveryWorkflowCompleted(WorkflowClient client, JobInput job, List<PlannedSaga> sagas) {
        List<HistoryEvent> jobHistory = client.fetchHistory(job.workflowId()).getEvents();
        assertThat(jobHistory.getLast().getEventType()).as(job.workflowId())
                .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
        long sagaSteps = 0;
        long timedOut = timedOutWorkflowTasks(jobHistory);
        for (PlannedSaga saga : sagas) {
            List<HistoryEvent> history = client.fetchHistory(saga.workflowId()).getEvents();
            assertThat(history.getLast().getEventType()).as(saga.workflowId())
                    .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
            sagaSteps += activityRetries(history);
            timedOut += timedOutWorkflowTasks(history);
        }
        return new Retries(activityRetries(jobHistory), sagaSteps, timedOut);
    }

    /** Activities' attempts after their first (the history records only the start of an activity's last attempt). */
    private static long activityRetries(List<HistoryEvent> history) {
        return history.stream().filter(HistoryEvent::hasActivityTaskStartedEventAttributes)
                .mapToLong(e -> e.getActivityTaskStartedEventAttributes().getAttempt() - 1).sum();
    }

    private static long timedOutWorkflowTasks(List<HistoryEvent> history) {
        return history.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT).count();
    }

    /** What a workflow waits for, as the server has it: for messages when it seems stuck. */
    private static String pending(WorkflowClient client, String workflowId) {
        var description = client.newUntypedWorkflowStub(workflowId).describe().getRawDescription();
        return workflowId + " " + description.getWorkflowExecutionInfo().getStatus() + ", pending workflow task "
                + (description.hasPendingWorkflowTask() ? description.getPendingWorkflowTask().toString().replace('\n', ' ')
                : "none") + ", pending activities " + description.getPendingActivitiesList().stream()
                .map(a -> a.toString().replace('\n', ' ')).toList();
    }

    /**
     * Entities created in the imported collection so far, looked up often while the worker runs: a match on the
     * event's JSON, not a decoding of every event at every look (the assertions decode them).
     */
    private static long importedRows(EventTail tail, JobInput job) {
        String collection = "\"" + job.collectionId() + "\"";
        return tail.count(e -> e.type().equals("entity.created") && e.data().contains(collection));
    }

    private static long sagaSteps(List<PlannedSaga> batch, List<RecordedEvent> seen) {
        return batch.stream().mapToLong(saga -> SagaEffects.of(saga, seen).steps()).sum();
    }

    private static List<List<PlannedSaga>> batches(List<PlannedSaga> sagas, int count) {
        List<List<PlannedSaga>> batches = new ArrayList<>();
        int size = sagas.size() / count;
        for (int i = 0; i < count; i++) {
            batches.add(sagas.subList(i * size, i == count - 1 ? sagas.size() : (i + 1) * size));
        }
        return batches;
    }

    private static String row(int i) {
        return "Row " + i;
    }

    private static UUID rowCommand(JobInput job, int row) {
        return job.commandId("row", Integer.toString(row));
    }

    private static UUID commandId(RecordedEvent event) {
        try {
            return UUID.fromString(Aggregates.JSON.readTree(event.metadata()).get("commandId").asText());
        } catch (JsonProcessingException e) {
            throw new AssertionError("metadata of " + event.eventId() + " is not JSON: " + event.metadata(), e);
        }
    }

    private static UUID entityOf(StreamId stream) {
        String value = stream.value();
        return value.startsWith("entity:") ? UUID.fromString(value.substring(value.lastIndexOf(':') + 1)) : new UUID(0, 0);
    }

    /** A condition that queries the database, looked at no more often than {@code interval}: in between, it answers false. */
    private static BooleanSupplier atMostEvery(Duration interval, BooleanSupplier condition) {
        long[] next = {System.nanoTime()};
        return () -> {
            long now = System.nanoTime();
            if (now - next[0] < 0) {
                return false;
            }
            next[0] = now + interval.toNanos();
            return condition.getAsBoolean();
        };
    }

    private static long millis(long fromNanos, long toNanos) {
        return TimeUnit.NANOSECONDS.toMillis(toNanos - fromNanos);
    }
}
