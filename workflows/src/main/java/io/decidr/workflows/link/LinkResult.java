package io.decidr.workflows.link;

import io.decidr.application.handlers.Written;
import io.decidr.eventstore.Checkpoint;
import io.decidr.eventstore.StreamId;
import java.util.UUID;

/**
 * Both ends of a link after a link or unlink saga, and their versions; the target's side is written last, so its
 * stream and version mark the point from which read models show the whole change.
 */
public record LinkResult(UUID sourceId, UUID targetId, long sourceVersion, long targetVersion, StreamId sourceStream,
        StreamId lastStream, long lastVersion) implements Written {

    @Override
    public StreamId stream() {
        return lastStream;
    }

    @Override
    public long version() {
        return lastVersion;
    }

    @Override
    public Checkpoint last() {
        return null;
    }

    static LinkResult of(LinkRequest request, LinkOutcome outcome) {
        if (!outcome.completed()) {
            throw outcome.refusal().rejection();
        }
        return new LinkResult(request.sourceId(), request.targetId(), outcome.source().version(),
                outcome.target().version(), new StreamId(outcome.source().stream()),
                new StreamId(outcome.target().stream()), outcome.target().version());
    }
}
