package org.streetnode.agent.board;

import java.nio.file.Path;
import org.streetnode.agent.config.BoardProfile;
import org.streetnode.agent.config.LampSpec;
import org.streetnode.drivers.pi4j.Pi4jBoardConfig;
import org.streetnode.drivers.pi4j.Pi4jBoardIo;
import org.streetnode.drivers.port.BoardIo;
import org.streetnode.drivers.port.PortException;

/**
 * Where the ports of a {@code raspberry-pi} board come from: Pi4J on the node itself. The agent's
 * drivers only ever see {@link BoardIo}, so the same profile can run over other ports: the
 * footprint benchmark runs it over the register-level emulators, to measure the agent of a real
 * node without a Pi and without a simulated world.
 */
@FunctionalInterface
public interface BoardPorts {
    BoardIo open(BoardProfile profile) throws PortException;

    /** Pi4J, with the device nodes under {@code /}. */
    static BoardPorts pi4j() {
        return pi4j(Path.of("/"));
    }

    /** Pi4J, with {@code /dev} and {@code /sys} looked for under {@code root} (tests). */
    static BoardPorts pi4j(Path root) {
        return profile -> Pi4jBoardIo.open(
                new Pi4jBoardConfig(root, profile.gpioChip(), profile.lamp().map(LampSpec::pwmChip).orElse(0)));
    }
}
