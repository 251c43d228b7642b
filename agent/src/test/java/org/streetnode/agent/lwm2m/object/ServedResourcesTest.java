package org.streetnode.agent.lwm2m.object;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.leshan.client.resource.LwM2mInstanceEnabler;
import org.junit.jupiter.api.Test;
import org.streetnode.agent.board.BoardIdentity;
import org.streetnode.agent.config.ConfigLoader;
import org.streetnode.agent.config.Lwm2mConfig;
import org.streetnode.agent.config.LocationConfig;
import org.streetnode.agent.config.StreetnodeConfig;
import org.streetnode.agent.config.TestConfigs;
import org.streetnode.agent.health.Health;
import org.streetnode.agent.lifecycle.AgentThreads;
import org.streetnode.agent.lighting.LightingService;
import org.streetnode.agent.lwm2m.model.ResourceSpec;
import org.streetnode.agent.reading.ReadingBus;
import org.streetnode.agent.reading.ReadingStatistics;

/**
 * Every instance serves only resources its model declares, and every mandatory resource of its
 * model (Connectivity Monitoring aside: it serves what the operating system has).
 */
class ServedResourcesTest {

    @Test
    void instancesServeTheirModelsMandatoryResourcesAndNothingUndeclared(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        StreetnodeConfig config = ConfigLoader.load(TestConfigs.write(dir, TestConfigs.minimal(dir, "coaps://p:5684")));
        Clock clock = Clock.systemUTC();
        Health health = new Health(clock);
        ReadingBus bus = new ReadingBus();
        // Lighting as the node builds it, never started: serving is decided by what is fitted, not by state.
        LightingService lamp = new LightingService(config, () -> {
            throw new IllegalStateException("no board is opened in this test");
        }, bus, health, clock, () -> true, AgentThreads.dedicated());

        List<ModelledInstance> instances = new ArrayList<>();
        instances.add(new DeviceObject(BoardIdentity.of(config.board(), "n"), "1", health, clock, config.node().timezone(),
                () -> { }, () -> { }));
        instances.add(new LocationObject(LocationConfig.JENA, Instant.EPOCH));
        instances.add(DeviceExtensionObject.ofThisNode());
        instances.add(new OutdoorLampObject(lamp, health, clock));
        instances.add(new LightControlObject(lamp, clock));
        instances.add(new ServerObject(0, 1, Duration.ofMinutes(5), Lwm2mConfig.Retry.DEFAULT));
        for (List<LwM2mInstanceEnabler> list : SensorObjects.forBoard(config.board(), bus, new ReadingStatistics(bus, clock),
                Optional.of(lamp)).values()) {
            list.forEach(i -> instances.add((ModelledInstance) i));
        }
        assertThat(instances).hasSizeGreaterThan(15);

        for (ModelledInstance i : instances) {
            var declared = i.spec().resources().keySet();
            assertThat(i.served()).as("object %d serves only declared resources", i.spec().id()).isSubsetOf(declared);
            List<Integer> mandatory = i.spec().resources().values().stream().filter(ResourceSpec::mandatory)
                    .map(ResourceSpec::id).toList();
            assertThat(i.served()).as("object %d serves its mandatory resources", i.spec().id()).containsAll(mandatory);
        }
    }
}
