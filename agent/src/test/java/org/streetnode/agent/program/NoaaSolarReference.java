package org.streetnode.agent.program;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * An independent reference for sunrise, sunset and civil twilight: the equations of NOAA's
 * Solar Calculator (NOAA Global Monitoring Laboratory, "General Solar Position Calculations" and
 * its spreadsheet, after Meeus, Astronomical Algorithms), written here from those equations.
 * commons-suncalc computes the sun after Montenbruck and Pfleger instead, so agreement between
 * the two within a minute is evidence neither is wrong; NOAA states its rise and set times are
 * good to about a minute between ±72° latitude. Refraction is the standard 34' plus the sun's
 * 16' semi-diameter (zenith 90.833°); civil twilight is the centre at zenith 96°.
 */
final class NoaaSolarReference {
    static final double SUNRISE_ZENITH = 90.833;
    static final double CIVIL_ZENITH = 96.0;

    private NoaaSolarReference() {
    }

    /** The event on {@code date} (UTC date of the event; for central Europe the same as the local date). */
    static Instant event(LocalDate date, double latitude, double longitude, double zenith, boolean rising) {
        double julianDay0 = date.toEpochDay() + 2440587.5;
        double minutes = 720; // start from noon UTC; three rounds settle the sun's position at the event
        for (int i = 0; i < 3; i++) {
            double t = (julianDay0 + minutes / 1440 - 2451545.0) / 36525;
            double[] sun = declinationAndEquationOfTime(t);
            double hourAngle = hourAngle(latitude, sun[0], zenith);
            double solarNoon = 720 - 4 * longitude - sun[1];
            minutes = rising ? solarNoon - 4 * hourAngle : solarNoon + 4 * hourAngle;
        }
        return date.atStartOfDay(ZoneOffset.UTC).toInstant().plusMillis(Math.round(minutes * 60_000));
    }

    /** Declination (degrees) and equation of time (minutes) at {@code t} Julian centuries since J2000. */
    private static double[] declinationAndEquationOfTime(double t) {
        double l0 = mod360(280.46646 + t * (36000.76983 + t * 0.0003032));
        double m = 357.52911 + t * (35999.05029 - 0.0001537 * t);
        double e = 0.016708634 - t * (0.000042037 + 0.0000001267 * t);
        double c = sin(m) * (1.914602 - t * (0.004817 + 0.000014 * t)) + sin(2 * m) * (0.019993 - 0.000101 * t)
                + sin(3 * m) * 0.000289;
        double trueLongitude = l0 + c;
        double omega = 125.04 - 1934.136 * t;
        double apparentLongitude = trueLongitude - 0.00569 - 0.00478 * sin(omega);
        double meanObliquity = 23 + (26 + (21.448 - t * (46.815 + t * (0.00059 - t * 0.001813))) / 60) / 60;
        double obliquity = meanObliquity + 0.00256 * Math.cos(Math.toRadians(omega));
        double declination = Math.toDegrees(Math.asin(sin(obliquity) * sin(apparentLongitude)));
        double y = Math.pow(Math.tan(Math.toRadians(obliquity / 2)), 2);
        double equationOfTime = 4 * Math.toDegrees(y * sin(2 * l0) - 2 * e * sin(m) + 4 * e * y * sin(m) * Math.cos(Math.toRadians(2 * l0))
                - 0.5 * y * y * sin(4 * l0) - 1.25 * e * e * sin(2 * m));
        return new double[] {declination, equationOfTime};
    }

    private static double hourAngle(double latitude, double declination, double zenith) {
        double lat = Math.toRadians(latitude);
        double dec = Math.toRadians(declination);
        return Math.toDegrees(Math.acos(Math.cos(Math.toRadians(zenith)) / (Math.cos(lat) * Math.cos(dec))
                - Math.tan(lat) * Math.tan(dec)));
    }

    private static double sin(double degrees) {
        return Math.sin(Math.toRadians(degrees));
    }

    private static double mod360(double degrees) {
        double d = degrees % 360;
        return d < 0 ? d + 360 : d;
    }
}
