package io.decidr.cassandra.readmodel;

import io.decidr.domain.decider.Rejection;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.function.IntPredicate;

/**
 * An opaque position in a bucketed query: the bucket and the driver's paging state within it. Clients get it
 * base64-encoded; anything they alter is refused as bad input, never passed to the database as is.
 */
record Cursor(int bucket, ByteBuffer pagingState) {

    private static final byte VERSION = 1;

    String encode() {
        int stateLength = pagingState == null ? 0 : pagingState.remaining();
        ByteBuffer out = ByteBuffer.allocate(1 + 4 + 4 + stateLength);
        out.put(VERSION).putInt(bucket).putInt(stateLength);
        if (pagingState != null) {
            out.put(pagingState.duplicate());
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out.array());
    }

    static Cursor decode(String text, int buckets) {
        return decode(text, bucket -> bucket >= 0 && bucket < buckets);
    }

    /** The cursor, or the start ({@code bucket} 0, no paging state) for null; refuses buckets not {@code valid}. */
    static Cursor decode(String text, IntPredicate valid) {
        if (text == null) {
            return new Cursor(0, null);
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(Base64.getUrlDecoder().decode(text));
            if (in.get() != VERSION) {
                throw new IllegalArgumentException("version");
            }
            int bucket = in.getInt();
            int length = in.getInt();
            if (!valid.test(bucket) || length < 0 || length != in.remaining()) {
                throw new IllegalArgumentException("layout");
            }
            byte[] state = new byte[length];
            in.get(state);
            return new Cursor(bucket, length == 0 ? null : ByteBuffer.wrap(state));
        } catch (RuntimeException e) {
            throw Rejection.validation("after", "after is not a cursor this query gave out");
        }
    }
}
