package org.streetnode.agent.shell;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** Why a request was not answered with data; the client maps each to an exit code. */
public enum ErrorCode {
    /** Not one line of JSON, or a field missing or of the wrong type. */
    BAD_REQUEST("bad-request"),
    /** The request line is longer than {@code [shell] max_request}. */
    TOO_LARGE("too-large"),
    /** The request line did not arrive within {@code [shell] request_timeout}. */
    TIMEOUT("timeout"),
    /** The client speaks another protocol version. */
    UNSUPPORTED_VERSION("unsupported-version"),
    UNKNOWN_COMMAND("unknown-command"),
    /** The caller's role does not allow the command. */
    REFUSED("refused"),
    /** The part the command shows or drives is not in this build (or not configured on this node). */
    UNAVAILABLE("unavailable"),
    /** The arguments are well-formed but not acceptable (a level of 150 %, an override without end). */
    INVALID("invalid"),
    /** Too many clients at once. */
    BUSY("busy"),
    /** The agent failed to carry the command out. */
    FAILED("failed");

    private final String word;

    ErrorCode(String word) {
        this.word = word;
    }

    @JsonValue
    public String word() {
        return word;
    }

    @JsonCreator
    public static ErrorCode of(String word) {
        return Arrays.stream(values()).filter(c -> c.word.equals(word)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown error code: " + word));
    }
}
