package org.streetnode.agent.cli;

import picocli.CommandLine;

/** Entry point of the {@code streetnode} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        NativeCache.prepare(); // before anything loads SQLite or JNA
        System.exit(execute(args));
    }

    static int execute(String... args) {
        CommandLine cli = new CommandLine(new StreetnodeCommand()).setCaseInsensitiveEnumValuesAllowed(true);
        CommandLine.IExecutionStrategy runLast = new CommandLine.RunLast();
        return cli.setExecutionStrategy(parsed -> runLast.execute(refuseUnmatched(parsed))).execute(args);
    }

    /**
     * picocli lets {@code --help} win over words it does not know ({@code streetnode nosuch --help}
     * would print the top-level help and exit 0): an unknown word is a usage error, help or not.
     */
    private static CommandLine.ParseResult refuseUnmatched(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (!p.unmatched().isEmpty()) {
                throw new CommandLine.UnmatchedArgumentException(p.commandSpec().commandLine(), p.unmatched());
            }
        }
        return parsed;
    }
}
