package org.streetnode.agent.provision;

import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Answers from the command line, for scripts: a missing answer takes its default, a bad one stops the run. */
public final class FlagQuestions implements Questions {
    private final Map<String, String> answers;
    private final PrintStream out;

    /** @param answers by option name ("--endpoint"), only those given */
    public FlagQuestions(Map<String, String> answers, PrintStream out) {
        this.answers = Map.copyOf(answers);
        this.out = out;
    }

    @Override
    public <T> T ask(Question question, Optional<String> defaultAnswer, Function<String, Validation.Checked<T>> check)
            throws BadAnswer {
        String answer = Optional.ofNullable(answers.get(question.flag())).or(() -> defaultAnswer)
                .orElseThrow(() -> new BadAnswer(question.flag() + " is needed (" + question.text().toLowerCase() + ")"));
        return switch (check.apply(answer)) {
            case Validation.Checked.Ok<T> ok -> ok.value();
            case Validation.Checked.Bad<T> bad -> throw new BadAnswer(question.flag() + ": " + bad.message());
        };
    }

    @Override
    public void say(String text) {
        out.println(text);
    }

    @Override
    public void pause(String text) {
        // a script does not wait for anyone
    }

    @Override
    public boolean interactive() {
        return false;
    }
}
