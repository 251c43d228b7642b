package org.streetnode.agent.install;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import org.streetnode.agent.config.ConfigException;
import org.streetnode.agent.config.ConfigLoader;
import org.streetnode.agent.config.Pem;
import org.streetnode.agent.config.StreetnodeConfig;
import org.streetnode.agent.config.UpdateConfig;

/**
 * What the helper works by, all of it from files root owns and alone may write: the
 * configuration ({@code [update] release_key}, {@code allow_downgrade}, {@code health_timeout},
 * {@code spool_dir}; the shell socket to ask the agent) and the release key itself. Never from
 * the agent's request.
 *
 * @param socket the agent's shell socket, where the helper asks the new version how it is
 */
record HelperSettings(Path configFile, PublicKey releaseKey, boolean allowDowngrade, Duration healthTimeout, Path spoolDir,
        Path socket) {

    /**
     * Reads the configuration and the key after checking that {@code owner} (root) owns them and
     * their directories, and nobody else may write them.
     */
    static HelperSettings load(Path configFile, int owner) throws InstallRefusedException {
        TrustedFiles.requireOwned(configFile, owner, "the configuration");
        StreetnodeConfig config;
        try {
            config = ConfigLoader.load(configFile);
        } catch (ConfigException e) {
            throw new InstallRefusedException("the configuration " + configFile + " is invalid: " + e.getMessage());
        }
        UpdateConfig u = config.update();
        Path keyFile = u.releaseKeyFile().orElseThrow(() -> new InstallRefusedException(
                "no release key is pinned ([update] release_key in " + configFile + "): nothing can be installed"));
        TrustedFiles.requireOwned(keyFile, owner, "the release key");
        PublicKey key;
        try {
            key = Pem.readPublicKey(keyFile);
        } catch (IOException | IllegalArgumentException e) {
            throw new InstallRefusedException("the release key " + keyFile + " cannot be read: " + e.getMessage());
        }
        return new HelperSettings(configFile, key, u.allowDowngrade(), u.healthTimeout(), u.spoolDir(), config.shell().socket());
    }
}
