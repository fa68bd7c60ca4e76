package io.decidr.eventstore;

import java.time.Instant;
import java.util.UUID;
import reactor.core.publisher.Flux;

/** The compute jobs whose latest event leaves them open (requested, running or cancelling), across every tenant. */
public interface OpenJobs {

    /**
     * @param lastEvent   the type of the job's latest event
     * @param lastEventAt when it was recorded
     */
    record OpenJob(UUID tenant, UUID job, String lastEvent, Instant lastEventAt) {
    }

    /** The open jobs whose latest event was recorded before {@code quietSince}: those that made no progress since. */
    Flux<OpenJob> quietSince(Instant quietSince);

    /** The tenant's open jobs, oldest latest event first. */
    Flux<OpenJob> ofTenant(UUID tenant);
}
