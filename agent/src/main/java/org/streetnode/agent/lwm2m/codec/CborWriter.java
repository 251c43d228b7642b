package org.streetnode.agent.lwm2m.codec;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * The few CBOR items (RFC 8949) a SenML pack needs, each in its shortest form: integers in the
 * fewest bytes, floats in the narrowest width that holds the value exactly, decimals as a tag-4
 * decimal fraction when they are not whole.
 */
final class CborWriter {
    private static final int UNSIGNED = 0;
    private static final int NEGATIVE = 1;
    private static final int BYTES = 2;
    private static final int TEXT = 3;
    private static final int ARRAY = 4;
    private static final int MAP = 5;
    private static final int TAG = 6;
    private static final int SIMPLE = 7;
    private static final int TAG_DECIMAL_FRACTION = 4;
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    CborWriter array(int size) {
        return head(ARRAY, size);
    }

    CborWriter map(int size) {
        return head(MAP, size);
    }

    CborWriter integer(long value) {
        // a negative n is written as -1 - n, which for Long.MIN_VALUE is Long.MAX_VALUE: no overflow
        return value >= 0 ? head(UNSIGNED, value) : head(NEGATIVE, -1 - value);
    }

    CborWriter text(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        head(TEXT, utf8.length);
        out.writeBytes(utf8);
        return this;
    }

    CborWriter bytes(byte[] value) {
        head(BYTES, value.length);
        out.writeBytes(value);
        return this;
    }

    CborWriter bool(boolean value) {
        out.write(SIMPLE << 5 | (value ? 21 : 20));
        return this;
    }

    /** Half, single or double precision: the narrowest that gives back exactly {@code value}. */
    CborWriter floating(double value) {
        float single = (float) value;
        if (Double.isNaN(value)) {
            out.write(SIMPLE << 5 | 25);
            writeBig(0x7E00, 2); // the canonical half-precision NaN
        } else if (single == value && Float.float16ToFloat(Float.floatToFloat16(single)) == single) {
            out.write(SIMPLE << 5 | 25);
            writeBig(Float.floatToFloat16(single) & 0xFFFF, 2);
        } else if (single == value) {
            out.write(SIMPLE << 5 | 26);
            writeBig(Float.floatToRawIntBits(single) & 0xFFFFFFFFL, 4);
        } else {
            out.write(SIMPLE << 5 | 27);
            writeBig(Double.doubleToRawLongBits(value), 8);
        }
        return this;
    }

    /**
     * An exact number: an integer when it is whole, else the decimal fraction
     * {@code [exponent, mantissa]} (RFC 8949 section 3.4.4), which SenML allows for times (RFC 8428
     * section 6). Throws if the digits do not fit 64 bits.
     */
    CborWriter decimal(BigDecimal value) {
        BigDecimal v = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
        if (v.scale() <= 0) {
            return integer(fitting(v.toBigIntegerExact()));
        }
        head(TAG, TAG_DECIMAL_FRACTION);
        array(2);
        integer(-v.scale());
        return integer(fitting(v.unscaledValue()));
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private static long fitting(BigInteger value) {
        if (value.compareTo(LONG_MIN) < 0 || value.compareTo(LONG_MAX) > 0) {
            throw new ArithmeticException(value + " does not fit a 64-bit CBOR integer");
        }
        return value.longValue();
    }

    /** The initial byte and argument of an item; {@code argument} is read as unsigned. */
    private CborWriter head(int majorType, long argument) {
        int major = majorType << 5;
        if (argument >= 0 && argument < 24) {
            out.write(major | (int) argument);
        } else if (argument >= 0 && argument <= 0xFF) {
            out.write(major | 24);
            writeBig(argument, 1);
        } else if (argument >= 0 && argument <= 0xFFFF) {
            out.write(major | 25);
            writeBig(argument, 2);
        } else if (argument >= 0 && argument <= 0xFFFF_FFFFL) {
            out.write(major | 26);
            writeBig(argument, 4);
        } else {
            out.write(major | 27);
            writeBig(argument, 8);
        }
        return this;
    }

    private void writeBig(long value, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((int) (value >>> (8 * i)) & 0xFF);
        }
    }
}
