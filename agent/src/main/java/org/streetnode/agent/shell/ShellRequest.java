package org.streetnode.agent.shell;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One request: {@code {"v":1,"command":"lamp.set","args":{"level":100,"for":"15m"}}}.
 *
 * @param command what to do
 * @param args the command's arguments (an empty object when it takes none)
 */
public record ShellRequest(Command command, ObjectNode args) {

    /** Parses one request line, checking everything but the arguments' meaning. */
    static ShellRequest parse(String line) throws ProtocolException {
        JsonNode root;
        try {
            root = ShellProtocol.json().readTree(line);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "not JSON: " + e.getOriginalMessage());
        }
        if (!(root instanceof ObjectNode object)) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "a request is a JSON object");
        }
        JsonNode v = object.get("v");
        if (v == null || !v.isInt()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "\"v\" (the protocol version) is missing or not an integer");
        }
        if (v.intValue() != ShellProtocol.VERSION) {
            throw new ProtocolException(ErrorCode.UNSUPPORTED_VERSION, "this agent speaks protocol version "
                    + ShellProtocol.VERSION + ", the client " + v.intValue() + ": use the streetnode command of the same version");
        }
        JsonNode command = object.get("command");
        if (command == null || !command.isTextual()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "\"command\" is missing or not a string");
        }
        Command c = Command.of(command.textValue()).orElseThrow(() -> new ProtocolException(ErrorCode.UNKNOWN_COMMAND,
                "no command \"" + abbreviate(command.textValue()) + "\""));
        JsonNode args = object.get("args");
        if (args != null && !(args instanceof ObjectNode)) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "\"args\" must be an object");
        }
        return new ShellRequest(c, args == null ? ShellProtocol.json().createObjectNode() : (ObjectNode) args);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
