package org.streetnode.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.streetnode.agent.lifecycle.ExitCodes;
import picocli.CommandLine;

/**
 * {@code streetnode demo} refuses a bad {@code --speed} or {@code --at} as a wrong command line,
 * before it starts anything (no server, no directory, no agent: it returns at once).
 */
class DemoCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return new CommandLine(new StreetnodeCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
    }

    @Test
    void aSpeedOutsideOneTo120IsAUsageError() {
        assertThat(run("demo", "--speed", "500")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).startsWith("--speed: not a whole number from 1 (real time) to 120: \"500\"")
                .contains("Usage: streetnode demo").contains("--speed=N");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void anAtThatIsNotATimeIsAUsageError() {
        assertThat(run("demo", "--at", "half past ten")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).startsWith("--at: not a time: \"half past ten\" (write 22:50 for tonight, 05:00 for"
                + " the morning after, or a date and time such as 2025-12-21T16:00; in the node's time zone)")
                .contains("Usage: streetnode demo");
    }

    @Test
    void theHelpSaysWhatTheClockOptionsDo() {
        assertThat(run("demo", "--help")).isZero();
        String help = out.toString().replaceAll("\\s+", " ");
        assertThat(help).contains("--at=TIME").contains("--speed=N").contains("from 1 (real time) to 120")
                .contains("10 min before tonight's switch-on");
    }
}
