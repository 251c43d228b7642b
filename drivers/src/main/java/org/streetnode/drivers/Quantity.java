package org.streetnode.drivers;

/**
 * What a measurement measures, with the unit its value is always expressed in.
 *
 * <p>Units are SenML unit symbols (RFC 8428 section 12.1, RFC 8798) where one exists, so
 * the LwM2M layer can pass them on unchanged. Drivers convert to these units; nothing above
 * the drivers ever converts again.
 */
public enum Quantity {
    TEMPERATURE("Cel"),
    HUMIDITY("%RH"),
    /** Barometric pressure in hectopascal: what IPSO 3315 and weather services expect. */
    PRESSURE("hPa"),
    ILLUMINANCE("lx"),
    PM2_5("ug/m3"),
    PM10("ug/m3"),
    /** Presence state: 1 while someone is detected (within the hold time), else 0. */
    PRESENCE("/"),
    /** Presence events counted since the driver started. */
    PRESENCE_COUNT("count"),
    /** A-weighted sound level from an analog noise module. */
    SOUND_LEVEL("dBA"),
    VOLTAGE("V"),
    CURRENT("A"),
    POWER("W");

    private final String unit;

    Quantity(String unit) {
        this.unit = unit;
    }

    /** The SenML unit symbol of every value of this quantity. */
    public String unit() {
        return unit;
    }
}
