package org.streetnode.agent.provision;

import java.util.Optional;
import java.util.function.Function;

/** Where the answers come from: a technician at a terminal, or the command line of a script. */
public interface Questions {
    /**
     * @param flag the command-line option that answers it ("--endpoint")
     * @param text the question, for people
     */
    record Question(String flag, String text) {
    }

    /** The technician gave up (Ctrl-C, end of input, or "no" to writing); nothing was changed. */
    final class Cancelled extends Exception {
        public Cancelled(String message) {
            super(message);
        }
    }

    /** A scripted answer was missing or bad; there is nobody to ask again. */
    final class BadAnswer extends Exception {
        public BadAnswer(String message) {
            super(message);
        }
    }

    /** Asks until the answer passes {@code check} (a terminal), or fails at once (a script). An empty answer takes the default. */
    <T> T ask(Question question, Optional<String> defaultAnswer, Function<String, Validation.Checked<T>> check)
            throws Cancelled, BadAnswer;

    /** Says something to the technician (nothing for a script's questions but what it prints). */
    void say(String text);

    /** Waits for the technician to press Enter (a script does not wait). */
    void pause(String text) throws Cancelled;

    boolean interactive();
}
