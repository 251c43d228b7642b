package org.streetnode.agent.lwm2m.object;

import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.streetnode.agent.lighting.LightingControl;
import org.streetnode.agent.lwm2m.model.StreetnodeObjects;
import org.streetnode.agent.program.InvalidProgramException;
import org.streetnode.agent.program.Night;
import org.tinylog.Logger;

/**
 * streetnode Lighting Program (object 33101, instance 0; model
 * {@link StreetnodeObjects#LIGHTING_PROGRAM}): how the platform sets a node's or a group's
 * dimming program, in the text form of the README. A program that does not parse or check is
 * refused with 4.00 and the reason, and the old one stays; one that cannot be stored gets 5.00
 * and the old one stays too.
 */
public final class LightingProgramObject extends ModelledInstance {
    private static final Set<Integer> SERVED = Set.of(0, 1, 2, 3);
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private final LightingControl lighting;
    private final Clock clock;
    private final ZoneId zone;

    public LightingProgramObject(LightingControl lighting, Clock clock, ZoneId zone) {
        super(StreetnodeObjects.LIGHTING_PROGRAM, 0);
        this.lighting = lighting;
        this.clock = clock;
        this.zone = zone;
    }

    @Override
    protected Collection<Integer> served() {
        return SERVED;
    }

    @Override
    protected ReadResponse readServed(int resourceId) {
        return switch (resourceId) {
            case 0 -> ReadResponse.success(0, lighting.program().program().format());
            case 1 -> ReadResponse.success(1, lighting.program().by());
            case 2 -> ReadResponse.success(2, tonight());
            default -> ReadResponse.notFound();
        };
    }

    @Override
    protected WriteResponse apply(LwM2mServer server, Map<Integer, LwM2mResource> values) {
        String text = (String) values.get(0).getValue();
        try {
            lighting.setProgram(text, server.isSystem() ? "local" : "server " + server.getId());
        } catch (InvalidProgramException e) {
            return WriteResponse.badRequest(e.getMessage());
        } catch (IOException e) {
            Logger.error("lwm2m: cannot store the lighting program: {}", e.getMessage());
            return WriteResponse.internalServerError("cannot store the program; the old one stays");
        }
        changed(0, 1, 2);
        return WriteResponse.success();
    }

    @Override
    public ExecuteResponse execute(LwM2mServer server, int resourceId, Arguments arguments) {
        if (resourceId != 3) {
            return ExecuteResponse.notFound();
        }
        try {
            lighting.resetProgram(server.isSystem() ? "local" : "server " + server.getId());
        } catch (IOException e) {
            return ExecuteResponse.internalServerError("cannot remove the stored program: " + e.getMessage());
        }
        changed(0, 1, 2);
        return ExecuteResponse.success();
    }

    /** This night's switch times and steps, in the node's zone: "16:42 100, 23:00 40, 05:30 100, 07:48 off". */
    private String tonight() {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        LocalDate evening = LocalTime.now(clock.withZone(zone)).isBefore(LocalTime.NOON) ? today.minusDays(1) : today;
        Night night = lighting.night(evening);
        if (night.steps().isEmpty()) {
            return "no light tonight";
        }
        return night.steps().stream()
                .map(r -> HH_MM.format(r.at().atZone(zone)) + " " + r.step().format().replaceFirst("^\\S+ ", ""))
                .collect(Collectors.joining(", "));
    }
}
