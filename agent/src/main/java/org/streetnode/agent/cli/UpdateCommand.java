package org.streetnode.agent.cli;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.streetnode.agent.lifecycle.AgentVersion;
import org.streetnode.agent.lifecycle.ExitCodes;
import org.streetnode.agent.config.Pem;
import org.streetnode.agent.files.AtomicFile;
import org.streetnode.agent.install.InstallHelper;
import org.streetnode.agent.install.InstallRefusedException;
import org.streetnode.agent.update.DebianVersion;
import org.streetnode.agent.update.Manifest;
import org.streetnode.agent.update.PackageBuilder;
import org.streetnode.agent.update.PackageRefusedException;
import org.streetnode.agent.update.PackageVerifier;
import org.streetnode.agent.update.SignatureScheme;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code streetnode update}: the city's release key, and the update packages it signs. */
@Command(name = "update", mixinStandardHelpOptions = true,
        description = {"Make release keys, and build, sign and check update packages (.snpkg).",
                "A node installs only packages whose manifest its pinned release key ([update] release_key) signed."},
        subcommands = {UpdateCommand.Keygen.class, UpdateCommand.Sign.class, UpdateCommand.Bundle.class,
                UpdateCommand.Verify.class, UpdateCommand.Install.class})
final class UpdateCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: keygen, sign, bundle, verify or install");
    }

    static String fingerprint(PublicKey key) {
        return SignatureScheme.fingerprint(key);
    }

    @Command(name = "keygen", mixinStandardHelpOptions = true,
            description = {"Make a release key pair, offline, on the machine that will keep the private key.",
                    "Writes NAME.key (PKCS#8 PEM, mode 0600: keep it offline) and NAME.pub (PEM: pin it on every node "
                            + "as [update] release_key)."},
            footer = {"", ExitCodes.HELP})
    static final class Keygen implements Callable<Integer> {
        @Option(names = "--scheme", defaultValue = "ed25519", description = "ed25519 (default) or p256 (ECDSA P-256)")
        String scheme;

        @Parameters(paramLabel = "NAME", description = "where to write, without extension, e.g. /media/offline/streetnode-release")
        Path name;

        @Override
        public Integer call() throws Exception {
            SignatureScheme s;
            try {
                s = SignatureScheme.named(scheme);
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                return ExitCodes.USAGE;
            }
            Path privateFile = name.resolveSibling(name.getFileName() + ".key");
            Path publicFile = name.resolveSibling(name.getFileName() + ".pub");
            for (Path f : new Path[] {privateFile, publicFile}) {
                if (Files.exists(f)) {
                    System.err.println(f + " exists; a release key is never overwritten (move it away first)");
                    return ExitCodes.FAILURE;
                }
            }
            KeyPair pair = s.generate();
            AtomicFile.writePrivate(privateFile, Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded())
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] publicPem = Pem.encode("PUBLIC KEY", pair.getPublic().getEncoded()).getBytes(StandardCharsets.US_ASCII);
            AtomicFile.write(publicFile, PosixFilePermissions.fromString("rw-r--r--"), out -> out.write(publicPem));
            System.out.println("private key: " + privateFile + " (mode 0600; keep it offline, back it up)");
            System.out.println("public key:  " + publicFile + " (pin it on every node as [update] release_key)");
            System.out.println("fingerprint: " + fingerprint(pair.getPublic()));
            return ExitCodes.OK;
        }
    }

    @Command(name = "sign", mixinStandardHelpOptions = true,
            description = {"Sign an update package in place with the release key, once its .deb is checked against "
                    + "its manifest (a signature it had is replaced)."},
            footer = {"", ExitCodes.HELP})
    static final class Sign implements Callable<Integer> {
        @Option(names = "--key", required = true, paramLabel = "FILE", description = "the release private key (NAME.key, mode 0600)")
        Path key;

        @Parameters(paramLabel = "PACKAGE", description = "the package, e.g. deploy-scripts/target/streetnode_0.2.0.snpkg")
        Path pkg;

        @Override
        public Integer call() throws Exception {
            try {
                Manifest m = PackageBuilder.sign(pkg, Pem.readPrivateKey(key));
                System.out.println("signed " + pkg + ": " + m.product() + " " + m.version() + " (upgrades from "
                        + m.upgradesFrom() + "), " + m.debName() + " " + m.debSize() + " bytes, sha256 " + m.debSha256());
                return ExitCodes.OK;
            } catch (PackageRefusedException | IOException | IllegalArgumentException e) {
                System.err.println("not signed: " + e.getMessage());
                return ExitCodes.FAILURE;
            }
        }
    }

    @Command(name = "bundle", mixinStandardHelpOptions = true,
            description = {"Wrap a streetnode .deb into an unsigned update package (./mvnw package does this for "
                    + "the .deb it builds)."},
            footer = {"", ExitCodes.HELP})
    static final class Bundle implements Callable<Integer> {
        @Option(names = "--deb", required = true, paramLabel = "FILE", description = "the Debian package")
        Path deb;

        @Option(names = "--version", required = true, paramLabel = "VERSION", description = "the .deb's version, e.g. 0.2.0")
        String version;

        @Option(names = "--upgrades-from", required = true, paramLabel = "VERSION",
                description = "the oldest running version this package may replace")
        String upgradesFrom;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "the package to write (.snpkg)")
        Path out;

        @Override
        public Integer call() throws Exception {
            try {
                Manifest m = PackageBuilder.bundle(deb, DebianVersion.parse(version), DebianVersion.parse(upgradesFrom), out);
                System.out.println("bundled " + out + " (unsigned): " + m.product() + " " + m.version() + ", " + m.debSize()
                        + " bytes, sha256 " + m.debSha256());
                return ExitCodes.OK;
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                return ExitCodes.USAGE;
            }
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Check an update package as a node would: the release key's signature, product, versions, "
                    + "and the .deb's size and SHA-256. Exit 0 when a node running VERSION would take it."},
            footer = {"", ExitCodes.HELP})
    static final class Verify implements Callable<Integer> {
        @Option(names = "--key", required = true, paramLabel = "FILE", description = "the release public key (NAME.pub)")
        Path key;

        @Option(names = "--running", paramLabel = "VERSION", description = "the node's running version (default: this one's)")
        Optional<String> running;

        @Option(names = "--allow-downgrade", description = "take packages older than the running version")
        boolean allowDowngrade;

        @Option(names = "--extract-deb", paramLabel = "FILE",
                description = "also write the .deb here; it is complete and checked only when the exit code is 0")
        Optional<Path> extractDeb;

        @Parameters(paramLabel = "PACKAGE")
        Path pkg;

        @Override
        public Integer call() throws Exception {
            PackageVerifier verifier;
            try {
                verifier = new PackageVerifier(Pem.readPublicKey(key), DebianVersion.parse(running.orElse(AgentVersion.get())),
                        allowDowngrade);
            } catch (IllegalArgumentException | IOException e) {
                System.err.println(e.getMessage());
                return ExitCodes.USAGE;
            }
            try (InputStream in = new BufferedInputStream(Files.newInputStream(pkg));
                    OutputStream copy = extractDeb.isPresent()
                            ? new BufferedOutputStream(Files.newOutputStream(extractDeb.get())) : OutputStream.nullOutputStream()) {
                Manifest m = verifier.verify(in, Optional.of(copy));
                System.out.println("OK: " + m.product() + " " + m.version() + " (upgrades from " + m.upgradesFrom() + "), "
                        + m.debName() + ", signed by the release key " + fingerprint(Pem.readPublicKey(key)));
                return ExitCodes.OK;
            } catch (PackageRefusedException e) {
                System.err.println("REFUSED (Update Result " + e.result().describe() + "): " + e.getMessage());
                return ExitCodes.FAILURE;
            }
        }
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = {"Install a signed update package on this node, as root: the privileged install helper.",
                    "It copies the package, verifies the copy with the pinned release key ([update] release_key in root's "
                            + "configuration) against the version dpkg has installed, keeps that version's package, installs "
                            + "with dpkg, restarts the agent and waits up to [update] health_timeout for it to run the new "
                            + "version, registered, its loops making progress; else it reinstalls the previous version.",
                    "With FILE: a technician's package (sudo streetnode update install FILE). With --from-spool: the "
                            + "agent's request (what streetnode-update.service runs). An install a stopped helper left is "
                            + "finished first."},
            footer = {"", "Exit codes: 0 installed (or nothing to do; with --from-spool: the agent was told the outcome), "
                    + "1 refused, failed or rolled back (with --from-spool: a rollback failed and is tried again at the "
                    + "next run), 2 wrong command line, 3 the configuration or the release key cannot be trusted, "
                    + "4 another helper is at work."})
    static final class Install implements Callable<Integer> {
        @Parameters(arity = "0..1", paramLabel = "FILE", description = "the update package (.snpkg)")
        Optional<Path> file;

        @Option(names = "--from-spool", description = "take the agent's install request from its spool")
        boolean fromSpool;

        @Option(names = "--config", paramLabel = "FILE", description = "root's configuration (default: /etc/streetnode/streetnode.toml under --root)")
        Optional<Path> config;

        @Option(names = "--root", paramLabel = "DIR", defaultValue = "/",
                description = "install into a staging root with dpkg --root, as the package test does (default: /)")
        Path root;

        @Option(names = "--state-dir", paramLabel = "DIR",
                description = "the helper's own directory (default: /var/lib/streetnode-update under --root)")
        Optional<Path> stateDir;

        @Option(names = "--service-command", paramLabel = "PROGRAM",
                description = "restart the agent with PROGRAM restart instead of systemctl (a staging root has no systemd)")
        Optional<String> serviceCommand;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (file.isPresent() == fromSpool) {
                throw new CommandLine.ParameterException(spec.commandLine(), "give either FILE or --from-spool");
            }
            if (!System.getProperty("user.name").equals("root")) {
                System.err.println("the install helper runs as root: sudo streetnode update install ...");
                return ExitCodes.FAILURE;
            }
            InstallHelper helper;
            try {
                helper = InstallHelper.of(root, config.orElse(root.resolve("etc/streetnode/streetnode.toml")),
                        stateDir.orElse(root.resolve("var/lib/streetnode-update")), serviceCommand);
            } catch (InstallRefusedException e) {
                System.err.println("install: " + e.getMessage());
                return ExitCodes.CONFIG;
            }
            try {
                Optional<InstallHelper.Outcome> o = helper.run(file.map(Path::toAbsolutePath));
                if (o.isEmpty()) {
                    System.out.println("install: nothing to do (no install request in the spool)");
                    return ExitCodes.OK;
                }
                InstallHelper.Outcome outcome = o.get();
                System.out.println(outcome.word() + (outcome.version().isEmpty() ? "" : " " + outcome.version())
                        + outcome.previous().map(p -> " (previous " + p + ")").orElse("") + ": " + outcome.reason());
                if (fromSpool) {
                    // The agent has the outcome; only a rollback that failed (kept for the next run) is the service's failure.
                    return outcome.kind() == InstallHelper.Outcome.Kind.FAILED ? ExitCodes.FAILURE : ExitCodes.OK;
                }
                return outcome.kind() == InstallHelper.Outcome.Kind.INSTALLED ? ExitCodes.OK : ExitCodes.FAILURE;
            } catch (InstallRefusedException e) {
                System.err.println("install: " + e.getMessage());
                return ExitCodes.CONFIG;
            } catch (InstallHelper.BusyException e) {
                System.err.println("install: " + e.getMessage());
                return ExitCodes.ALREADY_RUNNING;
            }
        }
    }
}
