package org.streetnode.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.streetnode.agent.lifecycle.ExitCodes;

/** The command line's usage errors: exit code 2 and a line that says what is wrong, never a stack trace. */
class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream stdout;
    private PrintStream stderr;

    @BeforeEach
    void capture() {
        stdout = System.out;
        stderr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(stdout);
        System.setErr(stderr);
    }

    @Test
    void anUnknownCommandWithHelpIsAUsageErrorNotTheTopLevelHelp() {
        assertThat(Main.execute("nosuch", "--help")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unmatched argument").contains("'nosuch'");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void anUnknownWordAfterASubcommandWithHelpIsAUsageErrorToo() {
        assertThat(Main.execute("config", "nosuch", "--help")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("'nosuch'");
    }

    @Test
    void helpAloneStillPrintsTheHelp() {
        assertThat(Main.execute("--help")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: streetnode").contains("Exit codes:");
        assertThat(Main.execute("demo", "--help")).isEqualTo(ExitCodes.OK);
    }

    @Test
    void demoWithAWrongDurationIsAUsageErrorWithoutAStackTrace() {
        assertThat(Main.execute("demo", "--for", "xyz")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--for: not a duration: xyz").doesNotContain("\tat ");
    }
}
