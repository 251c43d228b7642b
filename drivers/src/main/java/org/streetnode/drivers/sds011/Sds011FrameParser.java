package org.streetnode.drivers.sds011;

import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Finds SDS011 data frames in a byte stream that may start mid-frame or carry garbage: it looks
 * for {@code AA C0 .. .. .. .. .. .. cs AB}, and on any mismatch drops a single byte and looks
 * again, so a stray 0xAA inside garbage costs nothing but one step.
 */
public final class Sds011FrameParser {

    private byte[] buffer = new byte[64];
    private int length;
    private int discarded;
    private int lastBadChecksum = -1;
    private int lastExpectedChecksum = -1;

    public void append(byte[] data, int count) {
        if (length + count > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + count));
        }
        System.arraycopy(data, 0, buffer, length, count);
        length += count;
    }

    /** The next valid frame in the bytes appended so far, if any. */
    public Optional<Sds011Frame> next() {
        int start = 0;
        Optional<Sds011Frame> found = Optional.empty();
        while (length - start >= Sds011Frame.LENGTH) {
            if (isFramed(start)) {
                int expected = Sds011Frame.checksum(buffer, start);
                int actual = buffer[start + 8] & 0xFF;
                if (expected == actual) {
                    found = Optional.of(decode(start));
                    start += Sds011Frame.LENGTH;
                    break;
                }
                lastExpectedChecksum = expected;
                lastBadChecksum = actual;
            }
            start++;
            discarded++;
        }
        System.arraycopy(buffer, start, buffer, 0, length - start);
        length -= start;
        return found;
    }

    /** Bytes dropped while resynchronising since this parser was made. */
    public int discarded() {
        return discarded;
    }

    /** The checksum of the last well-framed but corrupt frame, if one was seen. */
    public OptionalInt lastBadChecksum() {
        return lastBadChecksum < 0 ? OptionalInt.empty() : OptionalInt.of(lastBadChecksum);
    }

    /** What that frame's checksum should have been. */
    public OptionalInt lastExpectedChecksum() {
        return lastExpectedChecksum < 0 ? OptionalInt.empty() : OptionalInt.of(lastExpectedChecksum);
    }

    private boolean isFramed(int start) {
        return (buffer[start] & 0xFF) == Sds011Frame.HEAD
                && (buffer[start + 1] & 0xFF) == Sds011Frame.COMMAND
                && (buffer[start + 9] & 0xFF) == Sds011Frame.TAIL;
    }

    private Sds011Frame decode(int s) {
        int pm25 = (buffer[s + 2] & 0xFF) | (buffer[s + 3] & 0xFF) << 8;
        int pm10 = (buffer[s + 4] & 0xFF) | (buffer[s + 5] & 0xFF) << 8;
        int id = (buffer[s + 6] & 0xFF) | (buffer[s + 7] & 0xFF) << 8;
        return new Sds011Frame(pm25 / 10.0, pm10 / 10.0, id);
    }
}
