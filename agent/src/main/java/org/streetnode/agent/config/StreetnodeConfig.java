package org.streetnode.agent.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The agent's whole configuration: {@code streetnode.toml} and the board profile it names,
 * validated. Built only by {@link ConfigLoader}; every part is an immutable record.
 *
 * @param file the config file it was read from
 * @param effective every key with its effective value (defaults included, secrets described,
 *     never shown), in reading order, for {@code config check} and the shell
 * @param boardEffective the same for the board profile
 */
public record StreetnodeConfig(
        Path file,
        NodeConfig node,
        LocationConfig location,
        Lwm2mConfig lwm2m,
        SamplingConfig sampling,
        BufferConfig buffer,
        LightingConfig lighting,
        LoggingConfig logging,
        ShellConfig shell,
        UpdateConfig update,
        BoardProfile board,
        Map<String, String> effective,
        Map<String, String> boardEffective) {

    public StreetnodeConfig {
        // keep reading order: it is the order of the file and of the display
        effective = Collections.unmodifiableMap(new LinkedHashMap<>(effective));
        boardEffective = Collections.unmodifiableMap(new LinkedHashMap<>(boardEffective));
    }
}
