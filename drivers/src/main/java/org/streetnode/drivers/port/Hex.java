package org.streetnode.drivers.port;

import java.util.Locale;

/** Formatting shared by fault messages: addresses and ids in hex, values without noise digits. */
public final class Hex {

    private Hex() {
    }

    /** {@code 0x76}: two hex digits for a byte-sized value. */
    public static String byteHex(int value) {
        return "0x%02X".formatted(value & 0xFF);
    }

    /** {@code 0x60} or {@code 0x399F}: as many digits as the value needs, at least two. */
    public static String hex(int value) {
        return value >= 0 && value <= 0xFF ? byteHex(value) : "0x%04X".formatted(value);
    }

    /** A value with at most two decimals and no trailing zeros. */
    public static String number(double value) {
        String s = String.format(Locale.ROOT, "%.2f", value);
        s = s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
        return s.equals("-0") ? "0" : s;
    }
}
