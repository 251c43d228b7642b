package org.streetnode.agent.selftest;

/**
 * One line of a self-test report.
 *
 * @param area what was checked: "sensor", "lamp", "hardware", "clock", "disk", "network", "lwm2m"
 * @param item which one ("air (BME280)")
 * @param result pass, fail, or skipped (with the reason in detail)
 * @param detail what was found: values, or the precise reason of a failure
 */
public record Check(String area, String item, Result result, String detail) {
    public enum Result { PASS, FAIL, SKIP }

    public static Check pass(String area, String item, String detail) {
        return new Check(area, item, Result.PASS, detail);
    }

    public static Check fail(String area, String item, String detail) {
        return new Check(area, item, Result.FAIL, detail);
    }

    public static Check skip(String area, String item, String detail) {
        return new Check(area, item, Result.SKIP, detail);
    }
}
