package org.streetnode.agent.program;

import java.util.Locale;
import org.shredzone.commons.suncalc.SunTimes.Twilight;

/**
 * The sun's events a program can be anchored to. {@code dusk} and {@code dawn} are sunset and
 * sunrise as almanacs list them (the sun's upper limb on a flat horizon, standard refraction):
 * street lighting switches around then, when the ambient light falls through a few hundred lux.
 * The civil events (sun centre 6° below the horizon, about 3 lx) come 33-47 minutes later in
 * the evening (earlier in the morning) at Jena's latitude; they are offered for programs that
 * want them.
 */
public enum SolarEvent {
    DUSK("dusk", true, Twilight.VISUAL),
    DAWN("dawn", false, Twilight.VISUAL),
    CIVIL_DUSK("civil-dusk", true, Twilight.CIVIL),
    CIVIL_DAWN("civil-dawn", false, Twilight.CIVIL);

    private final String word;
    private final boolean evening;
    private final Twilight twilight;

    SolarEvent(String word, boolean evening, Twilight twilight) {
        this.word = word;
        this.evening = evening;
        this.twilight = twilight;
    }

    /** How programs write it. */
    public String word() {
        return word;
    }

    /** Whether it happens in the evening that starts a night (else in the morning that ends it). */
    public boolean evening() {
        return evening;
    }

    Twilight twilight() {
        return twilight;
    }

    /** The event a program word names; {@code sunset} and {@code sunrise} are accepted for dusk and dawn. */
    static SolarEvent ofWord(String text) {
        String w = text.toLowerCase(Locale.ROOT);
        return switch (w) {
            case "dusk", "sunset" -> DUSK;
            case "dawn", "sunrise" -> DAWN;
            case "civil-dusk" -> CIVIL_DUSK;
            case "civil-dawn" -> CIVIL_DAWN;
            default -> throw new IllegalArgumentException("unknown sun event \"" + text + "\"");
        };
    }
}
