package io.decidr.cassandra.readmodel;

import io.decidr.domain.collection.AttributeType;
import io.decidr.domain.entity.Value;
import io.decidr.domain.job.JobKind;
import io.decidr.domain.job.JobStatus;
import io.decidr.domain.job.JobSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;

/** What the read models answer. */
public final class Views {

    private Views() {
    }

    /** @param sharesPersonalValues whether its integration events and webhooks carry personal values */
    public record TenantView(UUID id, String name, boolean suspended, String suspensionReason, long version,
            boolean sharesPersonalValues) {
    }

    public record AttributeView(UUID id, String name, AttributeType type, boolean required, boolean personal,
            long position) {
    }

    public record CollectionView(UUID id, String name, boolean archived, long version, List<AttributeView> attributes) {
    }

    public record EntityView(UUID id, UUID collectionId, boolean archived, long version, Instant createdAt,
            Instant updatedAt, Map<UUID, Value> values) {
    }

    public record LinkView(UUID sourceId, UUID attributeId, UUID targetId) {
    }

    public record BacklinkView(UUID targetId, UUID sourceAttributeId, UUID sourceId, UUID sourceCollectionId) {
    }

    public record HistoryView(long version, String type, String actor, Instant recordedAt, UUID attributeId,
            Value value, Value previous, String detail) {
    }

    /** A comment; {@code body} is null once deleted or erased. */
    public record CommentView(UUID id, UUID entityId, String author, String body, boolean edited, boolean deleted,
            boolean erased, Instant addedAt, long version) {
    }

    /**
     * One compute job. Times are those the event store recorded.
     *
     * @param requestedBy       the user who asked for it
     * @param workflowId        the workflow that runs it; null until it started (also {@code startedAt}, {@code runId})
     * @param done              items worked through, 0 until the first progress
     * @param total             all items, -1 while not known
     * @param progressedAt      the latest progress report; null before the first
     * @param lastError         the latest error the job got past, or null
     * @param finishedAt        when it reached its outcome; null while open
     * @param summary           what it did; null unless completed
     * @param error             why it stopped; null unless failed
     * @param restored          entities put back by compensation; 0 unless compensated
     * @param cancelRequestedBy who asked to cancel it (also {@code cancelRequestedAt}); null when nobody did
     * @param version           the job's stream version the view reflects
     */
    public record JobView(UUID id, JobKind kind, UUID collectionId, JobStatus status, String requestedBy,
            Instant requestedAt, String workflowId, String runId, Instant startedAt, long done, long total,
            Instant progressedAt, String lastError, Instant finishedAt, JobSummary summary, String error, long restored,
            String cancelRequestedBy, Instant cancelRequestedAt, long version) {

        /** Items per second from the start to the latest progress; empty before any progress or any time passed. */
        public OptionalDouble itemsPerSecond() {
            if (startedAt == null || progressedAt == null || done <= 0) {
                return OptionalDouble.empty();
            }
            long millis = Duration.between(startedAt, progressedAt).toMillis();
            return millis <= 0 ? OptionalDouble.empty() : OptionalDouble.of(done * 1_000.0 / millis);
        }

        /**
         * When the job will have done all its items if it keeps its rate ({@link #itemsPerSecond}), counted from the
         * latest progress; empty once it ended, and while the total or the rate is not known.
         */
        public Optional<Instant> estimatedFinishAt() {
            OptionalDouble rate = itemsPerSecond();
            if (status.terminal() || total < 0 || rate.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(progressedAt.plusMillis(Math.round((total - done) * 1_000.0 / rate.getAsDouble())));
        }
    }
}
