package org.streetnode.agent.board;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.streetnode.agent.config.BoardProfile;

/**
 * Who made the board, what it is and its serial number, as LwM2M Device (/3/0/0-2) reports
 * them. A profile may set model and serial; otherwise a Raspberry Pi's come from its device
 * tree ({@code /proc/device-tree/model}, {@code serial-number}).
 */
public record BoardIdentity(String manufacturer, String model, String serial) {

    public static BoardIdentity of(BoardProfile profile, String endpoint) {
        return of(profile, endpoint, Path.of("/proc/device-tree"));
    }

    static BoardIdentity of(BoardProfile profile, String endpoint, Path deviceTree) {
        return switch (profile.kind()) {
            case SIMULATED -> new BoardIdentity("streetnode",
                    profile.model().orElse("streetnode simulated board"),
                    profile.serial().orElse("SIM-" + endpoint));
            case RASPBERRY_PI -> new BoardIdentity("Raspberry Pi Ltd",
                    profile.model().or(() -> deviceTreeString(deviceTree.resolve("model"))).orElse("Raspberry Pi"),
                    profile.serial().or(() -> deviceTreeString(deviceTree.resolve("serial-number")))
                            .orElse("unknown"));
        };
    }

    /** Device-tree strings end in NUL. */
    private static Optional<String> deviceTreeString(Path file) {
        try {
            String s = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).replace("\0", "").strip();
            return s.isEmpty() ? Optional.empty() : Optional.of(s);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
