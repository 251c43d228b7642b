package org.streetnode.agent.selftest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.Agent;
import org.streetnode.agent.config.ConfigLoader;
import org.streetnode.agent.config.StreetnodeConfig;
import org.streetnode.agent.config.TestConfigs;
import org.streetnode.agent.demo.EmbeddedLwm2mServer;
import org.streetnode.drivers.port.Delay;

/** The provisioning report on the simulated board against a real Leshan server on loopback. */
class ProvisioningSelfTestTest {
    private static final byte[] KEY = HexFormat.of().parseHex(TestConfigs.PSK_HEX);

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

    private StreetnodeConfig config(String serverUri) throws Exception {
        StreetnodeConfig config = ConfigLoader.load(TestConfigs.write(dir, TestConfigs.minimal(dir, serverUri)));
        Files.createDirectories(config.node().dataDir());
        return config;
    }

    private static ProvisioningSelfTest.Settings settings(Duration registration) {
        return new ProvisioningSelfTest.Settings(Clock.systemUTC(), Delay.sleeping(), registration, Duration.ofSeconds(5));
    }

    private static Check check(SelfTestReport report, String area, String itemStart) {
        return report.checks().stream().filter(c -> c.area().equals(area) && c.item().startsWith(itemStart)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + area + " " + itemStart + " in\n" + report.table()));
    }

    @Test
    void aHealthyNodePassesEveryCheckAndTheReportIsSaved() throws Exception {
        server = EmbeddedLwm2mServer.start(List.of()).allowPsk("node-under-test", "node-under-test", KEY);
        StreetnodeConfig config = config(server.coapsUri().toString());

        SelfTestReport report = ProvisioningSelfTest.run(config, settings(Duration.ofSeconds(20)));

        assertThat(report.passed()).as(report.table()).isTrue();
        assertThat(check(report, "sensor", "air").result()).isEqualTo(Check.Result.PASS);
        assertThat(check(report, "lamp", "relay").result()).isEqualTo(Check.Result.PASS);
        assertThat(check(report, "clock", "synchronisation").result()).isEqualTo(Check.Result.SKIP);
        assertThat(check(report, "disk", config.node().dataDir().toString()).detail()).contains("MB free");
        assertThat(check(report, "network", "DNS 127.0.0.1").result()).isEqualTo(Check.Result.PASS);
        assertThat(check(report, "network", "route to 127.0.0.1").detail()).startsWith("from 127.0.0.1");
        assertThat(check(report, "lwm2m", "DTLS handshake").detail()).isEqualTo("psk: session established");
        assertThat(check(report, "lwm2m", "registration").detail()).startsWith("registered as ");
        // the short-lived client deregistered: the agent will be the only registration
        await().atMost(Duration.ofSeconds(3)).until(() -> server.registration("node-under-test").isEmpty());

        ProvisioningSelfTest.save(report, config.node().dataDir());
        Path json = config.node().dataDir().resolve(ProvisioningSelfTest.JSON_FILE);
        assertThat(json).content().contains("\"passed\" : true").contains("\"area\" : \"lwm2m\"");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(json))).isEqualTo("rw-------");
        assertThat(config.node().dataDir().resolve(ProvisioningSelfTest.TEXT_FILE)).content().endsWith("checks\n");
        assertThat(config.node().dataDir().resolve(AgentPresence.LOCK_FILE)).as("the agent's lock file is not ours to make")
                .doesNotExist();
    }

    @Test
    void aKeyTheServerDoesNotKnowFailsTheHandshake() throws Exception {
        server = EmbeddedLwm2mServer.start(List.of()).allowPsk("node-under-test", "node-under-test",
                HexFormat.of().parseHex("ffeeddccbbaa99887766554433221100"));
        SelfTestReport report = ProvisioningSelfTest.run(config(server.coapsUri().toString()), settings(Duration.ofSeconds(4)));

        assertThat(report.passed()).isFalse();
        assertThat(check(report, "lwm2m", "DTLS handshake").result()).as(report.table()).isEqualTo(Check.Result.FAIL);
        assertThat(check(report, "lwm2m", "registration").result()).isEqualTo(Check.Result.SKIP);
    }

    @Test
    void aServerThatRefusesTheEndpointFailsTheRegistrationAfterAGoodHandshake() throws Exception {
        // the key is right, but the server has it for another endpoint name: 4.03 Forbidden
        server = EmbeddedLwm2mServer.start(List.of()).allowPsk("someone-else", "node-under-test", KEY);
        SelfTestReport report = ProvisioningSelfTest.run(config(server.coapsUri().toString()), settings(Duration.ofSeconds(5)));

        assertThat(check(report, "lwm2m", "DTLS handshake").result()).as(report.table()).isEqualTo(Check.Result.PASS);
        Check registration = check(report, "lwm2m", "registration");
        assertThat(registration.result()).isEqualTo(Check.Result.FAIL);
        assertThat(registration.detail()).contains("FORBIDDEN");
        assertThat(report.passed()).isFalse();
    }

    @Test
    void aHostThatDoesNotResolveFailsDnsAndNamesIt() throws Exception {
        SelfTestReport report = ProvisioningSelfTest.run(config("coaps://no-such-host.invalid:5684"), settings(Duration.ofSeconds(3)));
        Check dns = check(report, "network", "DNS no-such-host.invalid");
        assertThat(dns.result()).isEqualTo(Check.Result.FAIL);
        assertThat(dns.detail()).startsWith("cannot resolve");
        assertThat(check(report, "network", "route to").result()).isEqualTo(Check.Result.SKIP);
        assertThat(report.passed()).isFalse();
    }

    @Test
    void withTheAgentRunningTheHardwareIsLeftToItAndRegistrationIsReadFromIt() throws Exception {
        server = EmbeddedLwm2mServer.start(List.of()).allowPsk("node-under-test", "node-under-test", KEY);
        StreetnodeConfig config = config(server.coapsUri().toString());
        agent = Agent.create(config, Clock.systemUTC(), () -> { });
        agent.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.registration().registered());

        SelfTestReport report = ProvisioningSelfTest.run(config, settings(Duration.ofSeconds(10)));

        assertThat(check(report, "hardware", "all devices").result()).isEqualTo(Check.Result.SKIP);
        Check registration = check(report, "lwm2m", "registration (running agent)");
        assertThat(registration.result()).as(report.table()).isEqualTo(Check.Result.PASS);
        assertThat(registration.detail()).startsWith("registered with coaps://127.0.0.1:");
        assertThat(agent.registration().registered()).as("the agent's registration is left alone").isTrue();
    }
}
