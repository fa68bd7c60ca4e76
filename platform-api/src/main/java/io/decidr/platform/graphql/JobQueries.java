package io.decidr.platform.graphql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.decidr.application.handlers.Requester;
import io.decidr.cassandra.readmodel.Page;
import io.decidr.cassandra.readmodel.ReadModelQueries;
import io.decidr.cassandra.readmodel.Views.JobView;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.failure.FailureNotice;
import io.decidr.domain.job.JobDecider;
import io.decidr.domain.job.JobId;
import io.decidr.domain.job.JobKind;
import io.decidr.domain.job.JobStatus;
import io.decidr.domain.job.JobSummary;
import io.decidr.platform.graphql.ReadModelGraph.Connection;
import io.decidr.platform.graphql.ReadModelGraph.Edge;
import io.decidr.platform.graphql.ReadModelGraph.PageInfo;
import io.decidr.workflows.job.ComputeJobClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Compute jobs: start, cancel, follow (from the jobs read model, never from Temporal's visibility). */
@Controller
public class JobQueries {

    private static final Set<JobStatus> ENDED = EnumSet.of(JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED,
            JobStatus.COMPENSATED);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(500);

    private final ComputeJobClient jobs;
    private final ReadModelQueries queries;
    private final String uiUrl;
    private final String namespace;

    public JobQueries(ComputeJobClient jobs, ReadModelQueries queries,
            @Value("${decidr.temporal.ui-url:http://localhost:8233}") String uiUrl,
            @Value("${spring.temporal.namespace:default}") String namespace) {
        this.jobs = jobs;
        this.queries = queries;
        this.uiUrl = uiUrl.endsWith("/") ? uiUrl.substring(0, uiUrl.length() - 1) : uiUrl;
        this.namespace = namespace;
    }

    public record TemporalNode(String workflowId, String runId, String uiUrl) {
    }

    /**
     * A job as the graph shows it.
     *
     * @param error     why it failed: a failure notice's text ({@code CODE: message; incident <id>})
     * @param errorCode the notice's code
     */
    public record JobNode(UUID id, JobKind kind, UUID collectionId, JobStatus status, String requestedBy,
            Instant requestedAt, Instant startedAt, Instant finishedAt, long done, Long total, Double rate, Instant eta,
            String lastError, String error, String errorCode, JobSummary summary, long restored, String cancelRequestedBy,
            TemporalNode temporal) {
    }

    /** The code of a failure recorded before failures were recorded as notices. */
    static final String FAILED = "JOB_FAILED";

    @MutationMapping
    public Mono<UUID> startComputeJob(@Argument JobKind kind, @Argument String collectionId, @Argument Object params,
            @Argument String commandId, Requester requester) {
        return Mono.defer(() -> {
            // before the parameters are even written out as text: a caller who may not run jobs costs nothing
            JobDecider.requireMayRun(requester.actor());
            return jobs.start(requester, kind, CollectionId.parse(collectionId, "collectionId"), parameters(params),
                    Arguments.commandId(commandId));
        });
    }

    @MutationMapping
    public Mono<Boolean> cancelComputeJob(@Argument String id, @Argument String commandId, Requester requester) {
        return Mono.defer(() -> jobs.cancel(requester, JobId.parse(id, "id"), Arguments.commandId(commandId)))
                .thenReturn(true);
    }

    @QueryMapping
    public Mono<JobNode> computeJob(@Argument String id, Requester requester) {
        return Mono.defer(() -> find(ReadQueries.reader(requester), JobId.parse(id, "id")));
    }

    @QueryMapping
    public Mono<Connection<JobNode>> computeJobs(@Argument JobStatus status, @Argument Integer first, @Argument String after,
            Requester requester) {
        return Mono.defer(() -> {
            Requester reader = ReadQueries.reader(requester);
            return queries.jobs().jobs(reader.tenant().value(), status, first == null ? 20 : first, after).map(this::connection);
        });
    }

    /** Polls the read model (so it works whichever process runs the worker) and emits each change, until the job ends. */
    @SubscriptionMapping
    public Flux<JobNode> computeJobProgress(@Argument String id, Requester requester) {
        return Flux.defer(() -> {
            Requester reader = ReadQueries.reader(requester);
            JobId job = JobId.parse(id, "id");
            return find(reader, job).flux().concatWith(Flux.interval(POLL).onBackpressureDrop().concatMap(tick -> find(reader, job)))
                    .distinctUntilChanged()
                    .takeUntil(node -> ENDED.contains(node.status()));
        });
    }

    private Mono<JobNode> find(Requester reader, JobId job) {
        return queries.jobs().job(reader.tenant().value(), job.value())
                .switchIfEmpty(Mono.error(() -> Rejection.notFound("job " + job + " does not exist")))
                .map(this::node);
    }

    private Connection<JobNode> connection(Page<JobView> page) {
        String cursor = page.endCursor() == null ? "" : page.endCursor();
        List<Edge<JobNode>> edges = page.items().stream().map(view -> new Edge<>(cursor, node(view))).toList();
        return new Connection<>(edges, new PageInfo(page.hasNextPage(), page.endCursor()));
    }

    private JobNode node(JobView view) {
        // without a run id the UI opens the workflow's current run: after a continue-as-new, the run still going
        // (runId is the first run's, the one the job started with)
        TemporalNode temporal = view.workflowId() == null ? null : new TemporalNode(view.workflowId(), view.runId(),
                uiUrl + "/namespaces/" + encode(namespace) + "/workflows/" + encode(view.workflowId()));
        FailureNotice error = shown(view.error());
        return new JobNode(view.id(), view.kind(), view.collectionId(), view.status(), view.requestedBy(),
                view.requestedAt(), view.startedAt(), view.finishedAt(), view.done(), view.total() < 0 ? null : view.total(),
                view.itemsPerSecond().isPresent() ? view.itemsPerSecond().getAsDouble() : null,
                view.estimatedFinishAt().orElse(null), view.lastError(), error == null ? null : error.text(),
                error == null ? null : error.code(), view.summary(), view.restored(), view.cancelRequestedBy(), temporal);
    }

    /**
     * A job's failure as users may see it. Jobs record a notice since failures have codes; a job that failed before
     * kept what Temporal or a driver said, which is not shown, only that it failed.
     */
    private static FailureNotice shown(String error) {
        if (error == null) {
            return null;
        }
        return FailureNotice.parse(error).orElseGet(() -> FailureNotice.of(FAILED,
                "the job failed (recorded before failure codes were kept: see the worker's log)"));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String parameters(Object params) {
        if (params instanceof String text) {
            return text;
        }
        try {
            return JSON.writeValueAsString(params);
        } catch (JsonProcessingException e) {
            throw Rejection.validation("params", "params is not JSON");
        }
    }
}
