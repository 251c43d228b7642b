package org.streetnode.agent.shell;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The shell's wire protocol, version {@value #VERSION}: UTF-8 lines of JSON over the Unix socket.
 *
 * <pre>
 * client: {"v":1,"command":"log","args":{"n":20}}
 * agent:  {"v":1,"ok":true,"data":{...}}
 *    or:  {"v":1,"ok":false,"error":"refused","message":"..."}
 * </pre>
 *
 * One request per connection. The agent answers with one line, then closes; for {@code top} it
 * sends a line every second until the client closes. A request longer than
 * {@code [shell] max_request} or slower than {@code [shell] request_timeout} is answered with an
 * error and the connection closed. Times are ISO-8601 strings, durations plain seconds; an
 * unknown value is {@code null}. A later version may add fields; clients ignore what they do not
 * know.
 */
public final class ShellProtocol {
    public static final int VERSION = 1;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ShellProtocol() {
    }

    /** The mapper both sides use (thread-safe once built). */
    public static ObjectMapper json() {
        return JSON;
    }

    public static String request(Command command, ObjectNode args) {
        ObjectNode r = JSON.createObjectNode().put("v", VERSION).put("command", command.word());
        r.set("args", args);
        return r.toString();
    }

    static String ok(Object data) {
        ObjectNode r = JSON.createObjectNode().put("v", VERSION).put("ok", true);
        r.set("data", JSON.valueToTree(data));
        return write(r);
    }

    static String error(ErrorCode code, String message) {
        return write(JSON.createObjectNode().put("v", VERSION).put("ok", false).put("error", code.word())
                .put("message", message));
    }

    private static String write(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a response", e);
        }
    }
}
