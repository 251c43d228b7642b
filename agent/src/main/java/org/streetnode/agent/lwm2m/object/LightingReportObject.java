package org.streetnode.agent.lwm2m.object;

import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.eclipse.leshan.core.response.ReadResponse;
import org.streetnode.agent.lighting.LampControl.LampOverride;
import org.streetnode.agent.lighting.LightingControl;
import org.streetnode.agent.lighting.Reason;
import org.streetnode.agent.lighting.monitor.MonitorStatus;
import org.streetnode.agent.lighting.monitor.NightEnergy;
import org.streetnode.agent.lwm2m.model.StreetnodeObjects;

/**
 * streetnode's Lighting Report (object 33102 v1.0, instance 0; model:
 * {@link StreetnodeObjects#LIGHTING_REPORT}): a read-only view over the lighting service, the
 * same figures as the shell's {@code lamp} view. 0 Reason and 1 its kind, from the lighting
 * decision; 2 Override By and 3 Override End, of the override that decides (if one does); 4
 * Energy Saved since 5 Counting Since, and 6-8 the last night's saving, date and lit hours, with
 * 9 the full-power baseline, from the lamp monitor. The energy figures are served once the
 * monitor has them (a metered lamp whose full-power draw is known). Every change of the lamp's
 * reason, target or override notifies observers of all of them; between changes, an observer's
 * {@code pmax} brings the growing energy figures.
 */
public final class LightingReportObject extends ModelledInstance {
    private final LightingControl lighting;

    public LightingReportObject(LightingControl lighting) {
        super(StreetnodeObjects.LIGHTING_REPORT, 0);
        this.lighting = lighting;
        lighting.onChange(s -> changed(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
    }

    @Override
    protected Collection<Integer> served() {
        MonitorStatus m = lighting.monitor();
        Set<Integer> ids = new LinkedHashSet<>(Set.of(0, 1, 2, 3));
        m.energySavedKWh().ifPresent(v -> ids.add(4));
        m.counters().energySince().ifPresent(v -> ids.add(5));
        m.lastNightSavedKWh().ifPresent(v -> ids.add(6));
        m.lastNight().ifPresent(n -> ids.addAll(Set.of(7, 8)));
        m.fullPowerWatts().ifPresent(v -> ids.add(9));
        return ids;
    }

    @Override
    protected ReadResponse readServed(int resourceId) {
        Reason reason = lighting.decision().reason();
        MonitorStatus m = lighting.monitor();
        Optional<NightEnergy> night = m.lastNight();
        return switch (resourceId) {
            case 0 -> ReadResponse.success(0, reason.describe());
            case 1 -> ReadResponse.success(1, (long) kind(reason));
            case 2 -> ReadResponse.success(2, reason instanceof Reason.Overridden o ? o.by() : "");
            case 3 -> ReadResponse.success(3, new Date(overrideEnd(reason).map(Instant::toEpochMilli).orElse(0L)));
            // the figures can go between served() and here (an energy reset): then they are not found
            case 4 -> m.energySavedKWh().map(kWh -> ReadResponse.success(4, kWh * 1000)).orElseGet(ReadResponse::notFound);
            case 5 -> m.counters().energySince().map(t -> ReadResponse.success(5, Date.from(t)))
                    .orElseGet(ReadResponse::notFound);
            case 6 -> m.lastNightSavedKWh().map(kWh -> ReadResponse.success(6, kWh * 1000)).orElseGet(ReadResponse::notFound);
            case 7 -> night.map(n -> ReadResponse.success(7, n.evening().toString())).orElseGet(ReadResponse::notFound);
            case 8 -> night.map(n -> ReadResponse.success(8, n.litHours())).orElseGet(ReadResponse::notFound);
            case 9 -> m.fullPowerWatts().map(w -> ReadResponse.success(9, w)).orElseGet(ReadResponse::notFound);
            default -> ReadResponse.notFound();
        };
    }

    /** Resource 1: the reason's kind. */
    static int kind(Reason reason) {
        return switch (reason) {
            case Reason.Program p -> 0;
            case Reason.Photocell p -> 1;
            case Reason.Presence p -> 2;
            case Reason.Overridden o -> o.source() == LampOverride.Source.PLATFORM ? 3 : 4;
            case Reason.SafeDefault s -> 5;
        };
    }

    private Optional<Instant> overrideEnd(Reason reason) {
        return reason instanceof Reason.Overridden o ? lighting.override(o.source()).flatMap(LampOverride::until)
                : Optional.empty();
    }
}
