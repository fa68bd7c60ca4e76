package io.decidr.eventstore;

/**
 * A reader's place in {@code $all}: the writing transaction's id and the event's global position.
 *
 * <p>Events are read in {@code (tx, position)} order and only from transactions older than every
 * transaction still in progress, so a reader never skips an event that commits after a higher position
 * was seen, and never waits on a position whose transaction rolled back.
 */
public record Checkpoint(long tx, long position) implements Comparable<Checkpoint> {

    /** Before the first event. */
    public static final Checkpoint START = new Checkpoint(0, 0);

    @Override
    public int compareTo(Checkpoint other) {
        int byTx = Long.compareUnsigned(tx, other.tx);
        return byTx != 0 ? byTx : Long.compare(position, other.position);
    }
}
