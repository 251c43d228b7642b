package org.streetnode.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoggingConfigTest {
    @TempDir
    Path dir;

    @Test
    void packageLevelsAreReadFromLoggingLevels() throws Exception {
        LoggingConfig logging = ConfigLoader.load(TestConfigs.write(dir, TestConfigs.minimal(dir, "coaps://127.0.0.1:5684") + """

                [logging]
                level = "warn"

                [logging.levels]
                "org.eclipse.californium" = "debug"
                "org.streetnode.agent.lwm2m.Lwm2mClientService" = "error"
                """)).logging();
        assertThat(logging.level()).isEqualTo(LoggingConfig.Level.WARN);
        assertThat(logging.levels()).isEqualTo(Map.of("org.eclipse.californium", LoggingConfig.Level.DEBUG,
                "org.streetnode.agent.lwm2m.Lwm2mClientService", LoggingConfig.Level.ERROR));
        assertThat(LoggingConfig.defaults().levels()).isEmpty();
    }

    @Test
    void aBadPackageNameOrLevelIsReportedAtItsLine() throws Exception {
        String text = TestConfigs.minimal(dir, "coaps://127.0.0.1:5684") + """

                [logging.levels]
                "org.eclipse californium" = "debug"
                "com.pi4j" = "chatty"
                """;
        List<ConfigProblem> problems = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.load(TestConfigs.write(dir, text))).problems();
        List<String> lines = text.lines().toList();
        assertThat(problems).extracting(ConfigProblem::line)
                .containsExactly(lines.indexOf("\"org.eclipse californium\" = \"debug\"") + 1,
                        lines.indexOf("\"com.pi4j\" = \"chatty\"") + 1);
        assertThat(problems.get(0).message()).contains("not a package or class name");
        assertThat(problems.get(1).message()).contains("\"debug\"");
    }
}
