package org.streetnode.agent.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.request.CreateRequest;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.ReadResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.Agent;
import org.streetnode.agent.config.ConfigLoader;
import org.streetnode.agent.config.TestConfigs;
import org.streetnode.agent.demo.EmbeddedLwm2mServer;
import org.streetnode.agent.health.Fault;
import org.streetnode.agent.lifecycle.AgentVersion;
import org.streetnode.agent.lwm2m.engine.RegistrationStatus;

/** The agent against a real Leshan server over DTLS-PSK on loopback. */
class AgentRegistrationTest {
    @TempDir
    Path dir;

    private EmbeddedLwm2mServer server;
    private Agent agent;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.stop();
        }
        if (server != null) {
            server.close();
        }
    }

    private Agent startAgent(Runnable restart) throws Exception {
        server = EmbeddedLwm2mServer.start(List.of())
                .allowPsk("node-under-test", "node-under-test", HexFormat.of().parseHex(TestConfigs.PSK_HEX));
        agent = Agent.create(ConfigLoader.load(TestConfigs.write(dir, TestConfigs.minimal(dir, server.coapsUri().toString()))),
                Clock.systemUTC(), restart);
        agent.start();
        // the server records the registration before the node has its answer: wait for both
        await().atMost(Duration.ofSeconds(10)).until(() -> server.registration("node-under-test").isPresent()
                && agent.registration().registered());
        return agent;
    }

    @Test
    void registersOverDtlsPskAndServesTheDeviceObject() throws Exception {
        startAgent(() -> { });

        assertThat(agent.registration().state()).isEqualTo(RegistrationStatus.State.REGISTERED);
        assertThat(server.registration("node-under-test").get().getClientTransportData().toString()).contains("node-under-test");
        ReadResponse r = server.send("node-under-test", new ReadRequest(3, 0), 5000);
        assertThat(r.isSuccess()).isTrue();
        LwM2mObjectInstance device = (LwM2mObjectInstance) r.getContent();
        assertThat(device.getResource(0).getValue()).isEqualTo("streetnode");
        assertThat(device.getResource(1).getValue()).isEqualTo("streetnode simulated board");
        assertThat(device.getResource(2).getValue()).isEqualTo("SIM-0001");
        assertThat(device.getResource(3).getValue()).isEqualTo(AgentVersion.get());
        assertThat(device.getResource(11).getInstances()).hasSize(1);
        assertThat(device.getResource(11).getInstance(0).getValue()).isEqualTo(0L);
        assertThat(device.getResource(15).getValue()).isEqualTo("Europe/Berlin");
        assertThat(device.getResource(16).getValue()).isEqualTo("U");
    }

    @Test
    void errorCodesFollowHealthAndTheFixedObjectRefusesCreateAndTimeWrites() throws Exception {
        startAgent(() -> { });
        agent.health().raise("sensor:air", Fault.Kind.PERIPHERAL, "no ACK at 0x76");

        ReadResponse codes = server.send("node-under-test", new ReadRequest(3, 0, 11), 5000);
        assertThat(((org.eclipse.leshan.core.node.LwM2mResource) codes.getContent()).getInstance(0).getValue()).isEqualTo(8L);

        assertThat(server.send("node-under-test", new CreateRequest(3, new org.eclipse.leshan.core.node.LwM2mResource[0]), 5000)
                .getCode()).isEqualTo(ResponseCode.METHOD_NOT_ALLOWED);
        assertThat(server.send("node-under-test", new WriteRequest(3, 0, 15, "Mars/Olympus"), 5000).getCode())
                .isIn(ResponseCode.METHOD_NOT_ALLOWED, ResponseCode.BAD_REQUEST);
    }

    @Test
    void rebootRestartsTheAgent() throws Exception {
        AtomicBoolean restarted = new AtomicBoolean();
        startAgent(() -> restarted.set(true));

        assertThat(server.send("node-under-test", new ExecuteRequest(3, 0, 4), 5000).isSuccess()).isTrue();
        await().atMost(Duration.ofSeconds(5)).untilTrue(restarted);
    }
}
