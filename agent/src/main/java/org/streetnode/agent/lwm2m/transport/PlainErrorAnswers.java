package org.streetnode.agent.lwm2m.transport;

import java.util.Locale;
import java.util.regex.Pattern;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.interceptors.MessageInterceptorAdapter;

/**
 * Keeps Java internals out of the node's error answers, whichever layer wrote them. Leshan's
 * client answers a request it cannot parse with the text of the exception it caught; for a path
 * that text is the cause's {@code toString()}, so a GET of {@code /3/0/99999999999} answered
 * {@code 4.00 org.eclipse.leshan.core.node.InvalidLwM2mPathException: Invalid elements in path
 * 3/0/99999999999}. Every 4.xx and 5.xx answer passes here just before it is serialized: qualified
 * exception class names are cut from its message and anything after the first line (a stack
 * trace, a "Caused by") is dropped; a message that still shows Java internals is replaced by the
 * plain name of its code. The full detail stays in the node's debug log, where Leshan puts it.
 */
public final class PlainErrorAnswers extends MessageInterceptorAdapter {
    /** {@code org.x.FooException: } and the like, wherever they stand in the message. */
    private static final Pattern EXCEPTION_PREFIX = Pattern.compile(
            "(?:[A-Za-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error|Throwable)\\b\\s*:?\\s*");
    /** What must not reach a peer: a qualified class name, an exception's name, a stack frame. */
    private static final Pattern JAVA_INTERNALS = Pattern.compile(
            "\\b[a-z][a-z0-9_]*(?:\\.[a-z0-9_]+)+\\.[A-Z][\\w$]*|Exception|Throwable|\\bat [\\w.$]+\\(|\\.java:\\d+");

    /** Adds the filter to an endpoint the node answers peers on; returns the endpoint. */
    public static CoapEndpoint installOn(CoapEndpoint endpoint) {
        endpoint.addInterceptor(new PlainErrorAnswers());
        return endpoint;
    }

    @Override
    public void sendResponse(Response response) {
        if (response.getCode().isSuccess() || response.getPayloadSize() == 0) {
            return;
        }
        String original = response.getPayloadString();
        String plain = plain(original, response.getCode());
        if (!plain.equals(original)) {
            response.setPayload(plain);
            response.getOptions().setContentFormat(MediaTypeRegistry.TEXT_PLAIN);
        }
    }

    /** The message a peer may see for an error answer's text. */
    static String plain(String message, ResponseCode code) {
        String firstLine = message.lines().findFirst().orElse("");
        String cut = EXCEPTION_PREFIX.matcher(firstLine).replaceAll("").strip();
        if (cut.isEmpty() || JAVA_INTERNALS.matcher(cut).find()) {
            return code.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
        return cut;
    }
}
