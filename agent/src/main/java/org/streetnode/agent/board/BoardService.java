package org.streetnode.agent.board;

import java.time.Clock;
import java.util.Optional;
import org.streetnode.agent.config.BoardProfile;
import org.streetnode.agent.config.LocationConfig;
import org.streetnode.agent.lifecycle.AgentThreads;
import org.streetnode.agent.lifecycle.Service;
import org.streetnode.drivers.port.Delay;
import org.streetnode.drivers.port.PortException;
import org.tinylog.Logger;

/**
 * Opens the board at start (after the instance lock: two agents must never drive one lamp) and
 * closes it at stop. A missing device does not stop the start: its sensor fails (sampling says
 * which node is missing, with the fix) or the lamp is left in its fail-safe state (lighting), and
 * everything else runs. Only a board that cannot be opened at all (Pi4J not starting) stops it.
 */
public final class BoardService implements Service {
    private final BoardProfile profile;
    private final LocationConfig location;
    private final Clock clock;
    private final AgentThreads threads;
    private final BoardPorts ports;
    private volatile Board board;

    /**
     * @param threads the simulated world's, on the simulated board
     * @param ports where a {@code raspberry-pi} board's ports come from ({@link BoardPorts#pi4j()} on a node)
     */
    public BoardService(BoardProfile profile, LocationConfig location, Clock clock, AgentThreads threads, BoardPorts ports) {
        this.profile = profile;
        this.location = location;
        this.clock = clock;
        this.threads = threads;
        this.ports = ports;
    }

    @Override
    public String name() {
        return "board";
    }

    @Override
    public void start() throws PortException {
        board = BoardFactory.open(profile, location, clock, Delay.sleeping(), Optional.of(threads.of(BoardFactory.TICKER)),
                ports);
        Logger.info("board: {}: {} sensors ({}), lamp {}", profile.source(), board.sensors().size(),
                String.join(", ", board.sensors().stream().map(s -> s.id() + "=" + s.driver().model()).toList()),
                board.lamp().isPresent() ? "fitted" : "none");
    }

    @Override
    public void stop() {
        if (board != null) {
            board.close();
        }
    }

    /** The opened board; only after {@link #start()}. */
    public Board board() {
        Board b = board;
        if (b == null) {
            throw new IllegalStateException("the board is not open yet");
        }
        return b;
    }
}
