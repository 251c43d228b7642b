package org.streetnode.agent.provision;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

/** The dialogue on a terminal (JLine): each answer checked at once, and asked again with the reason when it is bad. */
public final class TerminalQuestions implements Questions {
    private final Terminal terminal;
    private final LineReader reader;
    private final Map<String, String> given;

    /** @param given answers from the command line (by option): taken without asking while they are good */
    public TerminalQuestions(Terminal terminal, Map<String, String> given) {
        this.terminal = terminal;
        this.reader = LineReaderBuilder.builder().terminal(terminal).build();
        this.given = Map.copyOf(given);
    }

    @Override
    public <T> T ask(Question question, Optional<String> defaultAnswer, Function<String, Validation.Checked<T>> check)
            throws Cancelled {
        String prompt = question.text() + defaultAnswer.map(d -> " [" + d + "]").orElse("") + ": ";
        if (given.containsKey(question.flag())) {
            switch (check.apply(given.get(question.flag()))) {
                case Validation.Checked.Ok<T> ok -> {
                    say(question.text() + ": " + given.get(question.flag()) + " (" + question.flag() + ")");
                    return ok.value();
                }
                case Validation.Checked.Bad<T> bad -> say(question.flag() + ": " + bad.message());
            }
        }
        while (true) {
            String line;
            try {
                line = reader.readLine(prompt);
            } catch (UserInterruptException | EndOfFileException e) {
                throw new Cancelled("cancelled; nothing was changed");
            }
            String answer = line.isBlank() ? defaultAnswer.orElse("") : line;
            if (answer.isBlank()) {
                say("  an answer is needed");
                continue;
            }
            switch (check.apply(answer)) {
                case Validation.Checked.Ok<T> ok -> {
                    return ok.value();
                }
                case Validation.Checked.Bad<T> bad -> say("  " + bad.message() + "; try again");
            }
        }
    }

    @Override
    public void say(String text) {
        terminal.writer().println(text);
        terminal.writer().flush();
    }

    @Override
    public void pause(String text) throws Cancelled {
        try {
            reader.readLine(text + " ");
        } catch (UserInterruptException | EndOfFileException e) {
            throw new Cancelled("cancelled after the configuration was written");
        }
    }

    @Override
    public boolean interactive() {
        return true;
    }
}
