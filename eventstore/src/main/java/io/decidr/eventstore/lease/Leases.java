package io.decidr.eventstore.lease;

import java.time.Duration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Named leases: at most one holder of each at a time, each taking with a higher epoch than the one before.
 * A lease ends when its holder releases it or stops renewing it for its time to live; a holder that was paused past
 * that may believe it still holds it, which is why what it writes carries the epoch (fencing).
 */
public interface Leases {

    /**
     * Takes the lease for {@code ttl} if nobody holds it (free, released or expired). Gives the new epoch; empty when
     * another holds it.
     */
    Mono<Long> tryTake(String name, String holder, Duration ttl);

    /**
     * Extends the lease by {@code ttl} from now if {@code holder} still holds it at {@code epoch} (even past its end,
     * when nobody took it meanwhile). Gives whether it did: {@code false} means another took it.
     */
    Mono<Boolean> renew(String name, String holder, long epoch, Duration ttl);

    /** Ends the lease at once if {@code holder} holds it at {@code epoch}, so another may take it without waiting. */
    Mono<Void> release(String name, String holder, long epoch);

    /** Every recorded lease, by name. */
    Flux<Lease> list();
}
