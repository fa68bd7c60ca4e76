package io.decidr.platform.graphql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.decidr.application.handlers.Requester;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.job.JobKind;
import io.decidr.workflows.schedule.JobScheduleClient;
import io.decidr.workflows.schedule.ScheduleView.ScheduledRun;
import io.decidr.workflows.schedule.ScheduleView;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/** Compute jobs on a schedule ({@link JobScheduleClient}): each run is an ordinary job. */
@Controller
public class ScheduleQueries {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JobScheduleClient schedules;
    private final String uiUrl;
    private final String namespace;

    public ScheduleQueries(JobScheduleClient schedules,
            @Value("${decidr.temporal.ui-url:http://localhost:8233}") String uiUrl,
            @Value("${spring.temporal.namespace:default}") String namespace) {
        this.schedules = schedules;
        this.uiUrl = uiUrl.endsWith("/") ? uiUrl.substring(0, uiUrl.length() - 1) : uiUrl;
        this.namespace = namespace;
    }

    public record ScheduleNode(UUID id, JobKind kind, UUID collectionId, Object params, String cron, String timeZone,
            boolean paused, String note, String scheduledBy, Instant createdAt, List<Instant> nextRuns,
            List<ScheduledRun> recentRuns, long runs, long skipped, TemporalScheduleNode temporal) {
    }

    public record TemporalScheduleNode(String scheduleId, String uiUrl) {
    }

    @MutationMapping
    public Mono<ScheduleNode> scheduleComputeJob(@Argument JobKind kind, @Argument String collectionId,
            @Argument Object params, @Argument String cron, @Argument String timeZone, @Argument String commandId,
            Requester requester) {
        return Mono.defer(() -> schedules.create(requester, kind, CollectionId.parse(collectionId, "collectionId"),
                JobQueries.parameters(params), cron, timeZone, Arguments.commandId(commandId))).map(this::node);
    }

    @MutationMapping
    public Mono<ScheduleNode> pauseComputeJobSchedule(@Argument String id, @Argument String note, Requester requester) {
        return Mono.defer(() -> schedules.pause(requester, Arguments.id(id, "id"), note)).map(this::node);
    }

    @MutationMapping
    public Mono<ScheduleNode> resumeComputeJobSchedule(@Argument String id, @Argument String note, Requester requester) {
        return Mono.defer(() -> schedules.resume(requester, Arguments.id(id, "id"), note)).map(this::node);
    }

    @MutationMapping
    public Mono<ScheduleNode> triggerComputeJobSchedule(@Argument String id, Requester requester) {
        return Mono.defer(() -> schedules.trigger(requester, Arguments.id(id, "id"))).map(this::node);
    }

    @MutationMapping
    public Mono<Boolean> deleteComputeJobSchedule(@Argument String id, Requester requester) {
        return Mono.defer(() -> schedules.delete(requester, Arguments.id(id, "id")));
    }

    @QueryMapping
    public Mono<ScheduleNode> computeJobSchedule(@Argument String id, Requester requester) {
        return Mono.defer(() -> schedules.find(ReadQueries.reader(requester), Arguments.id(id, "id"))).map(this::node);
    }

    @QueryMapping
    public Mono<List<ScheduleNode>> computeJobSchedules(Requester requester) {
        return Mono.defer(() -> schedules.list(ReadQueries.reader(requester)))
                .map(views -> views.stream().map(this::node).toList());
    }

    private ScheduleNode node(ScheduleView view) {
        Object params;
        try {
            params = JSON.readValue(view.parameters(), Object.class);
        } catch (JsonProcessingException e) {
            params = view.parameters();
        }
        return new ScheduleNode(view.id(), view.kind(), view.collectionId(), params, view.cron(), view.timeZone(),
                view.paused(), view.note(), view.scheduledBy(), view.createdAt(), view.nextRuns(), view.recentRuns(),
                view.runs(), view.skipped(), new TemporalScheduleNode(view.scheduleId(),
                        uiUrl + "/namespaces/" + encode(namespace) + "/schedules/" + encode(view.scheduleId())));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
