package org.streetnode.agent.cli;

import picocli.CommandLine;

/** Entry point of the {@code streetnode} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    static int execute(String... args) {
        return new CommandLine(new StreetnodeCommand())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .execute(args);
    }
}
