package io.decidr.projections.runtime;

/**
 * A runner of a projector wrote under a lease epoch that a later holder has claimed since: it lost its lease and must
 * stop. Never retried.
 */
public final class FencedOut extends RuntimeException {

    private final String projector;
    private final long epoch;
    private final long claimedBy;

    public FencedOut(String projector, long epoch, long claimedBy) {
        super("projector " + projector + " runs under lease epoch " + epoch + ", but epoch " + claimedBy
                + " has claimed its checkpoint since", null, false, false);
        this.projector = projector;
        this.epoch = epoch;
        this.claimedBy = claimedBy;
    }

    public String projector() {
        return projector;
    }

    public long epoch() {
        return epoch;
    }

    /** The epoch that holds the checkpoint now (-1 when unknown). */
    public long claimedBy() {
        return claimedBy;
    }
}
