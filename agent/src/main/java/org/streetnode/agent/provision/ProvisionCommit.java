package org.streetnode.agent.provision;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.streetnode.agent.config.ConfigException;
import org.streetnode.agent.config.ConfigLoader;
import org.streetnode.agent.config.ConfigProblem;
import org.streetnode.agent.files.AtomicFile;

/**
 * Writes a plan so that an interruption at any moment leaves either the old configuration or
 * the new one, each complete: (1) the new credential files, under new names the old config does
 * not know; (2) the new config, staged next to the old one and loaded as the agent would load it;
 * (3) one rename of the staged config over the old: the commit point; (4) only then the files
 * of earlier provisioning runs that the config no longer names are deleted. A run cut short
 * before (3) leaves unreferenced files behind, which the next run deletes.
 */
public final class ProvisionCommit {
    /** The names provisioning gives its files; nothing else in the directories is ever deleted. */
    static final Pattern MADE_BY_PROVISION = Pattern.compile("(psk|node|server|update-release)-\\d{8}T\\d{6}-[0-9a-f]{4}\\.(hex|key|pub)");
    /** The temporary file of one of them a crash left ({@link AtomicFile#temporaryOf}). */
    private static final Pattern LEFTOVER = Pattern.compile("\\." + MADE_BY_PROVISION.pattern() + "\\.tmp");

    public enum Step { CREDENTIALS_WRITTEN, CONFIG_STAGED, COMMITTED }

    /** Where a test interrupts the commit, as a crash or a power cut would. */
    @FunctionalInterface
    public interface Interruption {
        Interruption NONE = step -> { };

        void at(Step step) throws IOException;
    }

    /** The new config would not load; nothing was changed. */
    public static final class InvalidResult extends Exception {
        private final List<ConfigProblem> problems;

        InvalidResult(List<ConfigProblem> problems) {
            super("the new configuration would not load");
            this.problems = List.copyOf(problems);
        }

        public List<ConfigProblem> problems() {
            return problems;
        }
    }

    private ProvisionCommit() {
    }

    static void write(Path configFile, ProvisionPlan plan, Interruption interruption) throws IOException, InvalidResult {
        Path dir = configFile.toAbsolutePath().getParent();
        Path secrets = Files.createDirectories(dir.resolve(ProvisionPlan.SECRETS));
        Path configOwner = Files.exists(configFile) ? configFile : dir;
        String configMode = "rw-r-----";

        List<Path> written = new ArrayList<>();
        for (ProvisionPlan.NewFile f : plan.files()) {
            Path target = dir.resolve(f.relative());
            FileWriting.write(target, f.content(), f.secret() ? "rw-------" : configMode, f.secret() ? secrets : configOwner);
            written.add(target);
        }
        interruption.at(Step.CREDENTIALS_WRITTEN);

        // closing the stage uncommitted deletes it; after a real crash the next run replaces it
        try (AtomicFile.Staged staged = FileWriting.stage(configFile, plan.configText().getBytes(StandardCharsets.UTF_8),
                configMode, configOwner)) {
            interruption.at(Step.CONFIG_STAGED);
            try {
                ConfigLoader.load(staged.path());
            } catch (ConfigException e) {
                for (Path f : written) {
                    Files.deleteIfExists(f);
                }
                throw new InvalidResult(e.problems());
            }
            staged.commit();
            interruption.at(Step.COMMITTED);
        }
        deleteUnreferenced(dir, plan.configText());
        deleteUnreferenced(secrets, plan.configText());
    }

    /** Deletes earlier provisioning runs' files (and their temporary files) that the config does not name. */
    static void deleteUnreferenced(Path dir, String configText) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                boolean ours = MADE_BY_PROVISION.matcher(name).matches();
                boolean leftover = LEFTOVER.matcher(name).matches();
                if ((ours && !configText.contains(name)) || leftover) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }
}
