package org.streetnode.agent.provision;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.streetnode.agent.Agent;
import org.streetnode.agent.config.ConfigLoader;

/** The service as provisioning drives it, played by an agent in this JVM built from the written config. */
final class InProcessService implements ServiceControl, AutoCloseable {
    private final Path configFile;
    final List<String> calls = new ArrayList<>();
    private Agent agent;

    InProcessService(Path configFile) {
        this.configFile = configFile;
    }

    @Override
    public boolean present() {
        return true;
    }

    @Override
    public boolean active() {
        return agent != null;
    }

    @Override
    public void stop() {
        calls.add("stop");
        close();
    }

    @Override
    public void start() throws java.io.IOException {
        calls.add("start");
        close();
        try {
            agent = Agent.create(ConfigLoader.load(configFile), Clock.systemUTC(), () -> { });
            agent.start();
        } catch (Exception e) {
            throw new java.io.IOException("the agent did not start: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (agent != null) {
            agent.stop();
            agent = null;
        }
    }
}
