package org.streetnode.drivers.emulator;

/** Faults an emulator can be told to show; each emulator accepts those its real part can have. */
public enum Fault {
    /** The chip stops acknowledging its address. */
    NO_ACK,
    /** Another chip answers at the address: the id register holds a foreign value. */
    WRONG_CHIP_ID,
    /** Data words arrive with a wrong CRC. */
    CRC_ERROR,
    /** The values freeze at what they were when the fault was injected. */
    STUCK_VALUE,
    /** The next read is cut short, then the device is gone (it NACKs or falls silent). */
    DISCONNECT_MID_TRANSFER,
    /** Garbage bytes (including stray header bytes) between serial frames. */
    GARBAGE_FRAMES,
    /** Every serial frame carries a wrong checksum. */
    BAD_CHECKSUM,
    /** The serial device sends nothing. */
    NO_DATA,
    /** A conversion starts but never completes (status never says ready). */
    CONVERSION_STUCK,
    /** The chip resets once, as after a supply brown-out: registers back to power-on values. */
    BROWN_OUT,
    /** The raw value is beyond what the chip can measure (saturation, overflow, absurd value). */
    OUT_OF_RANGE,
    /**
     * The device is unplugged: its serial adapter's device node or its GPIO line is gone (see
     * {@link EmulatedBoardIo#unplug(BoardNode)}), until the fault is cleared. Shown by the
     * simulated board, not by an emulator; an I2C chip that is unplugged shows {@link #NO_ACK}.
     */
    UNPLUGGED
}
