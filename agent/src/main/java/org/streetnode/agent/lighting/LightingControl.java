package org.streetnode.agent.lighting;

import java.io.IOException;
import java.time.LocalDate;
import org.streetnode.agent.lighting.monitor.MonitorStatus;
import org.streetnode.agent.program.InvalidProgramException;
import org.streetnode.agent.program.Night;
import org.streetnode.agent.program.Program;

/**
 * The whole of lighting as the LwM2M objects (3416, 3311, 3418, 3419, schedules) and the shell
 * see it: one service behind them all, so both show the same truth. Writes are validated and
 * stored before they take effect; a refused write changes nothing.
 */
public interface LightingControl extends LampControl {
    /** The latest decision: level, typed reason, night or day. */
    Decision decision();

    /** The program in force. */
    ActiveProgram program();

    /**
     * Parses, checks, stores (atomically, in the data directory) and then applies a program.
     *
     * @param by who sets it, for the record
     * @throws InvalidProgramException the text is not a usable program; the old one stays
     * @throws IOException it could not be stored; the old one stays (it would come back at restart)
     */
    ActiveProgram setProgram(String text, String by) throws InvalidProgramException, IOException;

    /** As {@link #setProgram(String, String)}, for a program built from structured data. */
    ActiveProgram setProgram(Program program, String by) throws IOException;

    /** Goes back to {@code [lighting] program} of the config (the stored program is removed). */
    ActiveProgram resetProgram(String by) throws IOException;

    /** The program in force resolved for the night that starts on {@code evening}: switch times and steps as instants. */
    Night night(LocalDate evening);

    PhotocellStatus photocell();

    /**
     * Stores and applies new photocell thresholds (LwM2M 3419/1 and /2).
     *
     * @throws IOException they could not be stored; the old ones stay
     */
    void setPhotocellThresholds(PhotocellThresholds thresholds, String by) throws IOException;

    /** The lamp monitor: meter, failures, energy, hours, switches. */
    MonitorStatus monitor();

    /** LwM2M 3416/16. */
    void resetBurningHours();

    /** LwM2M 3416/19. */
    void resetSwitchCount();

    /** Restarts the energy counter and the energy-saved baseline. */
    void resetEnergy();
}
