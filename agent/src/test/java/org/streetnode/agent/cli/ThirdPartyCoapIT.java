package org.streetnode.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.response.ReadResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.config.TestConfigs;
import org.streetnode.agent.demo.EmbeddedLwm2mServer;
import org.streetnode.agent.lwm2m.CoapClientOpenssl;
import org.streetnode.agent.lwm2m.CoapClientOpenssl.Result;

/**
 * A plain CoAP client on the platform's side, {@code coap-client-openssl} from Debian's
 * libcoap3-bin, against the packaged agent over DTLS-PSK: it opens a DTLS session with the
 * node's endpoint (the node takes the server role of the handshake) with the PSK identity and
 * key the LwM2M server knows the node by, and reads and writes objects as that server would.
 */
class ThirdPartyCoapIT {
    private static final String ENDPOINT = "node-under-test";
    /** coap-client-openssl 4.3 takes the key as text, so the key's bytes are printable here. */
    private static final String KEY_TEXT = "street-node-psk!";

    @TempDir
    Path dir;

    @Test
    void coapClientOpensslReadsAndWritesTheNodeOverDtlsPsk() throws Exception {
        CoapClientOpenssl.require();
        byte[] key = KEY_TEXT.getBytes(StandardCharsets.US_ASCII);
        int port = freeUdpPort();
        try (EmbeddedLwm2mServer server = EmbeddedLwm2mServer.start(List.of()).allowPsk(ENDPOINT, ENDPOINT, key)) {
            Path config = TestConfigs.write(dir, TestConfigs.node(dir, server.coapsUri().toString())
                    .set("lwm2m", "local_port", port));
            TestConfigs.writePsk(dir, HexFormat.of().formatHex(key));
            try (AgentProcess agent = AgentProcess.start(dir, "run", "--config", config.toString())) {
                await().atMost(Duration.ofSeconds(30)).until(() -> server.registration(ENDPOINT).isPresent());
                String base = "coaps://127.0.0.1:" + port;

                // GET /3/0 in SenML JSON (content format 110)
                Result device = coap("-A", "110", base + "/3/0");
                assertThat(device.out()).contains("streetnode").contains("SIM-0001").contains("\"vs\":\"U\"");

                // GET /3303/0/5700 as text: the air sensor's temperature, once sampled
                await().atMost(Duration.ofSeconds(20)).until(() -> coap("-A", "0", base + "/3303/0/5700").out()
                        .strip().matches("-?\\d+(\\.\\d+)?(E-?\\d+)?"));
                double celsius = Double.parseDouble(coap("-A", "0", base + "/3303/0/5700").out().strip());
                assertThat(celsius).isBetween(-40.0, 85.0);

                // GET /.well-known/core lists the node's objects
                Result core = coap(base + "/.well-known/core");
                assertThat(core.out()).contains("</3>").contains("</3303>").contains("</3416>").contains("</3428>");

                // PUT /3416/0/1: the lamp's command, as text
                Result put = coap("-m", "put", "-t", "0", "-e", "35", base + "/3416/0/1");
                assertThat(put.exit()).isZero();
                ReadResponse level = server.send(ENDPOINT, new ReadRequest("/3416/0/1"), 5000);
                assertThat(((LwM2mSingleResource) level.getContent()).getValue()).isEqualTo(35L);
                await().atMost(Duration.ofSeconds(5)).until(() -> Long.valueOf(35).equals(((LwM2mSingleResource) server
                        .send(ENDPOINT, new ReadRequest("/3416/0/3"), 5000).getContent()).getValue()));
                // out of range: 4.00, and the lamp keeps its level
                Result bad = coap("-m", "put", "-t", "0", "-e", "101", base + "/3416/0/1");
                assertThat(bad.out()).contains("4.00");
                assertThat(((LwM2mSingleResource) server.send(ENDPOINT, new ReadRequest("/3416/0/1"), 5000).getContent())
                        .getValue()).isEqualTo(35L);

                // without the server's key there is no session, and no answer
                Result stranger = CoapClientOpenssl.exec(List.of(CoapClientOpenssl.PROGRAM, "-B", "3", "-u", ENDPOINT, "-k",
                        "not-the-key", "-A", "0", base + "/3/0/0"));
                assertThat(stranger.out()).doesNotContain("streetnode");
            }
        }
    }

    private static Result coap(String... args) throws IOException, InterruptedException {
        return new CoapClientOpenssl(ENDPOINT, KEY_TEXT).run(args);
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }
}
