package org.streetnode.agent.provision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The agent's service: stopped for the self-test (it needs the hardware), started (and enabled) after. */
public interface ServiceControl {
    /** Whether there is a service manager to ask. */
    boolean present();

    boolean active() throws IOException;

    void stop() throws IOException;

    /** Enables the service and (re)starts it. */
    void start() throws IOException;

    /** systemd, when it runs the machine. */
    static ServiceControl systemd() {
        return new Systemctl();
    }

    final class Systemctl implements ServiceControl {
        static final String UNIT = "streetnode.service";

        @Override
        public boolean present() {
            return Files.isDirectory(Path.of("/run/systemd/system"));
        }

        @Override
        public boolean active() throws IOException {
            return run(List.of("systemctl", "--quiet", "is-active", UNIT), false) == 0;
        }

        @Override
        public void stop() throws IOException {
            run(List.of("systemctl", "stop", UNIT), true);
        }

        @Override
        public void start() throws IOException {
            run(List.of("systemctl", "enable", "--quiet", UNIT), true);
            run(List.of("systemctl", "restart", UNIT), true);
        }

        private static int run(List<String> command, boolean mustSucceed) throws IOException {
            Process p = new ProcessBuilder(command).inheritIO().start();
            try {
                if (!p.waitFor(2, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new IOException(String.join(" ", command) + " did not finish within 2 minutes");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted: " + String.join(" ", command));
            }
            if (mustSucceed && p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed (exit " + p.exitValue() + "); see journalctl -u streetnode");
            }
            return p.exitValue();
        }
    }
}
