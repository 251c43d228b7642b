package org.streetnode.agent.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads and validates {@code streetnode.toml} and its board profile, reporting every problem
 * of both files at once, each with file, line and key.
 */
public final class ConfigLoader {
    /** Where the shipped board profiles live inside the agent's jar. */
    public static final String BUILTIN_BOARDS = "/defaults/boards/";

    private ConfigLoader() {
    }

    public static StreetnodeConfig load(Path file) throws ConfigException {
        ConfigReading reading = ConfigReading.of(file);
        ConfigTable root = reading.root();
        NodeConfig node = NodeConfig.read(root.table("node"));
        LocationConfig location = LocationConfig.read(root.table("location"));
        Lwm2mConfig lwm2m = Lwm2mConfig.read(root.table("lwm2m"), reading);
        SamplingConfig sampling = SamplingConfig.read(root.table("sampling"));
        BufferConfig buffer = BufferConfig.read(root.table("store"), root.table("delivery"), node.dataDir());
        LightingConfig lighting = LightingConfig.read(root.table("lighting"));
        LoggingConfig logging = LoggingConfig.read(root.table("logging"));
        ShellConfig shell = ShellConfig.read(root.table("shell"), node);
        UpdateConfig update = UpdateConfig.read(root.table("update"), node);
        List<ConfigProblem> problems = new ArrayList<>(reading.finish());

        BoardProfile board = null;
        Map<String, String> boardEffective = Map.of();
        try {
            ConfigReading boardReading = boardReading(node.board(), file, reading);
            board = BoardProfile.read(boardReading.file().toString(), boardReading.root());
            problems.addAll(boardReading.finish());
            boardEffective = boardReading.effectiveValues();
            photocellSensorProblem(lighting, board).ifPresent(m -> problems.add(new ConfigProblem(file,
                    reading.lineOf("lighting.photocell_sensor"), "lighting.photocell_sensor", m)));
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new StreetnodeConfig(file, node, location, lwm2m, sampling, buffer, lighting, logging, shell, update, board,
                new LinkedHashMap<>(reading.effectiveValues()), boardEffective);
    }

    /** The light sensor {@code [lighting] photocell_sensor} names must be a BH1750 of the board profile. */
    private static Optional<String> photocellSensorProblem(LightingConfig lighting, BoardProfile board) {
        return lighting.photocellSensor().flatMap(id -> board.sensor(id)
                .map(s -> s instanceof SensorSpec.Bh1750 ? Optional.<String>empty()
                        : Optional.of("sensor \"" + id + "\" is a " + s.driver() + "; the photocell needs a bh1750"))
                .orElseGet(() -> Optional.of("the board profile has no [[sensor]] with id \"" + id + "\"")));
    }

    /** Loads a board profile file on its own (for the hardware self-test of a profile before it is used). */
    public static BoardProfile loadBoardProfile(Path file) throws ConfigException {
        ConfigReading reading = ConfigReading.of(file);
        BoardProfile profile = BoardProfile.read(file.toString(), reading.root());
        List<ConfigProblem> problems = reading.finish();
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return profile;
    }

    /**
     * The board profile named by {@code [node] board}: a path (relative to the config file), a
     * profile in {@code boards/} next to the config file, or one shipped with the agent.
     */
    private static ConfigReading boardReading(String board, Path configFile, ConfigReading config) throws ConfigException {
        Path dir = configFile.toAbsolutePath().getParent();
        if (board.contains("/") || board.endsWith(".toml")) {
            return ConfigReading.of(config.resolve(board));
        }
        Path local = dir.resolve("boards").resolve(board + ".toml");
        if (Files.exists(local)) {
            return ConfigReading.of(local);
        }
        try (InputStream in = ConfigLoader.class.getResourceAsStream(BUILTIN_BOARDS + board + ".toml")) {
            if (in != null) {
                return ConfigReading.ofText(Path.of("builtin:boards/" + board + ".toml"),
                        new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigProblem(configFile, config.lineOf("node.board"), "node.board",
                    "cannot read the built-in profile \"" + board + "\": " + e.getMessage())));
        }
        throw new ConfigException(List.of(new ConfigProblem(configFile, config.lineOf("node.board"), "node.board",
                "no board profile \"" + board + "\": looked for " + local + " and the built-in profiles ("
                        + String.join(", ", builtinBoards()) + ")")));
    }

    /**
     * A board profile by the name {@code [node] board} would give it (a path, a profile in
     * {@code boards/} of {@code configDir}, or a built-in one), for {@code provision} to check
     * a technician's choice before it is written.
     */
    public static BoardProfile loadBoardProfile(String board, Path configDir) throws ConfigException {
        if (board.contains("/") || board.endsWith(".toml")) {
            return loadBoardProfile(configDir.resolve(board));
        }
        Path local = configDir.resolve("boards").resolve(board + ".toml");
        if (Files.exists(local)) {
            return loadBoardProfile(local);
        }
        try (InputStream in = ConfigLoader.class.getResourceAsStream(BUILTIN_BOARDS + board + ".toml")) {
            if (in != null) {
                ConfigReading reading = ConfigReading.ofText(Path.of("builtin:boards/" + board + ".toml"),
                        new String(in.readAllBytes(), StandardCharsets.UTF_8));
                BoardProfile profile = BoardProfile.read(reading.file().toString(), reading.root());
                List<ConfigProblem> problems = reading.finish();
                if (!problems.isEmpty()) {
                    throw new ConfigException(problems);
                }
                return profile;
            }
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigProblem(local, 0, "board", e.getMessage())));
        }
        throw new ConfigException(List.of(new ConfigProblem(local, 0, "board", "no board profile \"" + board
                + "\": looked for " + local + " and the built-in profiles (" + String.join(", ", builtinBoards()) + ")")));
    }

    /** Names of the profiles shipped in the jar. */
    public static List<String> builtinBoards() {
        return List.of("simulated", "raspberry-pi");
    }
}
