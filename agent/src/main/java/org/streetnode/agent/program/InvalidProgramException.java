package org.streetnode.agent.program;

/**
 * A program that cannot be used, with a message that says what is wrong and how to write it;
 * the program in force stays in force.
 */
public final class InvalidProgramException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidProgramException(String message) {
        super(message);
    }
}
