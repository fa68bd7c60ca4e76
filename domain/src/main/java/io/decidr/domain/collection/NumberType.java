package io.decidr.domain.collection;

import java.math.BigDecimal;

/** A decimal number of at most {@link #MAX_PRECISION} digits, at most {@link #MAX_SCALE} of them after the point. */
public record NumberType() implements AttributeType {

    public static final int MAX_PRECISION = 38;
    public static final int MAX_SCALE = 18;

    /** 38 decimal digits need at most 127 bits; a longer unscaled value cannot fit, whatever its scale. */
    private static final int MAX_UNSCALED_BITS = 127;

    /**
     * Whether a number attribute can hold {@code number}. Cheap for any input, however extreme its exponent
     * ({@code 1e400000}) or length: it looks at the scale and the bit length first and never turns the number into
     * text, which for such numbers costs seconds of CPU and gigabytes.
     */
    public static boolean holds(BigDecimal number) {
        int scale = number.scale();
        if (scale > MAX_SCALE || scale < -MAX_PRECISION || number.unscaledValue().bitLength() > MAX_UNSCALED_BITS) {
            return false;
        }
        // a negative scale stands for zeros at the end of the integer part: they count as digits too
        return number.precision() - Math.min(scale, 0) <= MAX_PRECISION;
    }

    /** What {@link #holds} requires, in words. */
    public static String limits() {
        return "a number has at most " + MAX_PRECISION + " digits, " + MAX_SCALE + " of them after the point";
    }
}
