package org.streetnode.agent.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.config.TestConfigs;

/**
 * Whatever a peer sends, an error answer carries a plain message: never a Java exception's class
 * name or a stack trace. Sent by a CoAP tool over DTLS, as a platform's tools reach the node.
 */
class PlainErrorAnswersTest {
    /** A qualified Java class name ({@code org.eclipse.leshan.core.node.InvalidLwM2mPathException}) or a stack frame. */
    private static final Pattern JAVA_INTERNALS = Pattern.compile(
            "\\b[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+\\.[A-Z]\\w*|Exception|\\bat [\\w.$]+\\(|\\.java:\\d+");

    @TempDir
    Path dir;

    private NodeFixture node;
    private ToolPeer tool;

    @BeforeEach
    void start() throws Exception {
        node = NodeFixture.start(dir);
        int port = node.lwm2m.localAddress().orElseThrow().getPort();
        tool = new ToolPeer(new InetSocketAddress("127.0.0.1", port), NodeFixture.ENDPOINT,
                HexFormat.of().parseHex(TestConfigs.PSK_HEX));
    }

    @AfterEach
    void stop() {
        if (tool != null) {
            tool.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private record Case(Request request, String path) {
    }

    private static Request withPayload(Request r, int contentFormat, byte[] payload) {
        r.getOptions().setContentFormat(contentFormat);
        r.setPayload(payload);
        return r;
    }

    @Test
    void aResourceIdOutOfRangeGetsAPlainMessage() throws Exception {
        CoapResponse r = tool.send(Request.newGet(), "/3/0/99999999999");

        assertThat(r.getCode()).isEqualTo(CoAP.ResponseCode.BAD_REQUEST);
        assertThat(ToolPeer.text(r)).doesNotContainPattern(JAVA_INTERNALS).containsIgnoringCase("path")
                .contains("3/0/99999999999");
    }

    @Test
    void noErrorAnswerShowsJavaInternals() throws Exception {
        byte[] junk = {(byte) 0xff, 0x13, 0x37, (byte) 0xc0};
        List<Case> cases = List.of(
                new Case(Request.newGet(), "/3/0/99999999999"),
                new Case(Request.newGet(), "/3/zero/1"),
                new Case(Request.newGet(), "/3/0/1/2/3"),
                new Case(Request.newGet(), "/70000"),
                new Case(withPayload(Request.newPut(), 11542, junk), "/3/0/13"),
                new Case(withPayload(Request.newPut(), 112, junk), "/3/0/13"),
                new Case(withPayload(Request.newPut(), 60, junk), "/3/0/13"),
                new Case(withPayload(Request.newPut(), 0, "yesterday".getBytes()), "/3/0/13"),
                new Case(Request.newPut(), "/3/0/13?pmin=soon"),
                new Case(Request.newPut(), "/3/0/13?pmin=10&pmax=5"),
                new Case(withPayload(Request.newPost(), 0, "9='".getBytes()), "/3/0/4"),
                new Case(withPayload(Request.newFetch(), 112, junk), "/"),
                new Case(withPayload(Request.newIPatch(), 112, junk), "/"),
                new Case(withPayload(Request.newPost(), 11542, junk), "/3"));

        for (Case c : cases) {
            CoapResponse r = tool.send(c.request(), c.path());
            String what = c.request().getCode() + " " + c.path() + " -> " + r.getCode() + " " + ToolPeer.text(r);
            assertThat(r.getCode().isSuccess()).as(what).isFalse();
            assertThat(ToolPeer.text(r)).as(what).doesNotContainPattern(JAVA_INTERNALS);
        }
    }
}
