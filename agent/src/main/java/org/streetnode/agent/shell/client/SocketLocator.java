package org.streetnode.agent.shell.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.streetnode.agent.config.ShellConfig;

/**
 * Finds the agent's socket from its config file: {@code [shell] socket}, else {@code shell.sock}
 * in {@code [node] runtime_dir}. Only those two keys are read: a crew member may read the config
 * but not the secret files it names, so the full validation of {@code config check} is not for
 * this.
 */
final class SocketLocator {
    static final Path DEFAULT_RUNTIME_DIR = Path.of("/run/streetnode");

    private SocketLocator() {
    }

    /** @return the socket path, or a message saying why it could not be read */
    static Path fromConfig(Path configFile) throws IOException {
        JsonNode root;
        try {
            root = new TomlMapper().readTree(Files.readString(configFile));
        } catch (NoSuchFileException e) {
            throw new IOException("no config file " + configFile + "; give it with --config FILE, or the socket with --socket PATH");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IOException("cannot read " + configFile + " (permission denied); give the socket with --socket PATH");
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException(configFile + " is not valid TOML (streetnode config check " + configFile + "): "
                    + e.getOriginalMessage());
        }
        Path dir = configFile.toAbsolutePath().getParent();
        JsonNode socket = root.path("shell").path("socket");
        if (socket.isTextual() && !socket.textValue().isBlank()) {
            return dir.resolve(socket.textValue());
        }
        JsonNode runtime = root.path("node").path("runtime_dir");
        Path runtimeDir = runtime.isTextual() && !runtime.textValue().isBlank() ? dir.resolve(runtime.textValue()) : DEFAULT_RUNTIME_DIR;
        return runtimeDir.resolve(ShellConfig.SOCKET_NAME);
    }
}
