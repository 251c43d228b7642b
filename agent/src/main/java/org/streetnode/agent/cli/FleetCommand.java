package org.streetnode.agent.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.streetnode.agent.fleet.CuttableUplink;
import org.streetnode.agent.fleet.Fleet;
import org.streetnode.agent.fleet.FleetKeys;
import org.streetnode.agent.fleet.FleetLogging;
import org.streetnode.agent.fleet.FleetPlan;
import org.streetnode.agent.fleet.FleetReport;
import org.streetnode.agent.fleet.FleetRun;
import org.streetnode.agent.fleet.FleetSummary;
import org.streetnode.agent.fleet.NodeNames;
import org.streetnode.agent.fleet.Scenario;
import org.streetnode.agent.lifecycle.ExitCodes;
import org.streetnode.agent.units.Units;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = {"Run many complete simulated nodes in this JVM against a real LwM2M server: a platform's load test.",
                "Each node is the whole agent on its own simulated board (its own weather and passers-by), with its own "
                        + "endpoint name, PSK, store and lighting, in DIR/nodes/ENDPOINT. Credentials come from the file "
                        + "`streetnode fleet keys` writes (import it into the platform first).",
                "Prints progress (registered, sending, backlog) and a summary; --json for scripts. Ctrl-C stops."},
        subcommands = {FleetCommand.Keys.class},
        footer = {"", "Exit codes: 0 the run went its course; 1 a node did not start, or the outage scenario's nodes were "
                + "not all back and drained within --for; 2 wrong command line."})
final class FleetCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    // not picocli-required: `fleet keys` runs without them
    @Option(names = "--nodes", paramLabel = "N", description = "how many nodes this process runs (required)")
    Integer nodes;

    @Option(names = "--first-index", paramLabel = "I", defaultValue = "1",
            description = "the index of this process's first node (default ${DEFAULT-VALUE}); several processes, "
                    + "on several machines, make one fleet with disjoint ranges")
    int firstIndex;

    @Option(names = "--prefix", paramLabel = "PREFIX", defaultValue = "streetnode-fleet-",
            description = "node names are PREFIX and the index in five digits (default ${DEFAULT-VALUE})")
    String prefix;

    @CommandLine.ArgGroup(exclusive = true, multiplicity = "0..1")
    Target target;

    static final class Target {
        @Option(names = "--server", paramLabel = "URI", description = "the LwM2M server, coaps://HOST[:PORT]")
        URI server;

        @Option(names = "--bootstrap-server", paramLabel = "URI",
                description = "a bootstrap server that gives the nodes their LwM2M server (the keys are then its)")
        URI bootstrap;
    }

    @Option(names = "--keys", paramLabel = "FILE", description = "the credentials `streetnode fleet keys` wrote (required)")
    Path keys;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "fleet",
            description = "the fleet's directory: nodes' files, data and fleet.log (default ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--scenario", paramLabel = "NAME", defaultValue = "steady",
            description = "steady, outage (every node loses the server, then it returns) or churn (nodes restart at "
                    + "random); default ${DEFAULT-VALUE}")
    String scenario;

    @Option(names = "--outage-after", paramLabel = "DURATION", defaultValue = "1m",
            description = "outage: how long after every node registered the uplink is cut (default ${DEFAULT-VALUE})")
    String outageAfter;

    @Option(names = "--outage-for", paramLabel = "DURATION", defaultValue = "10m",
            description = "outage: how long the uplink stays cut (default ${DEFAULT-VALUE})")
    String outageFor;

    @Option(names = "--churn", paramLabel = "R", defaultValue = "1",
            description = "churn: restarts per node per hour, at random (default ${DEFAULT-VALUE})")
    double churn;

    @Option(names = "--for", paramLabel = "DURATION",
            description = "stop after this long; default: until Ctrl-C (outage: until every node is back and has "
                    + "replayed its backlog)")
    String runFor;

    @Option(names = "--start-rate", paramLabel = "N", defaultValue = "20",
            description = "nodes started per second (default ${DEFAULT-VALUE})")
    double startRate;

    @Option(names = "--progress", paramLabel = "DURATION", defaultValue = "10s",
            description = "how often a progress line is printed (default ${DEFAULT-VALUE})")
    String progress;

    @Option(names = "--json", description = "progress, events and the summary as one JSON object a line")
    boolean json;

    @Option(names = "--set", paramLabel = "TABLE.KEY=VALUE",
            description = "a setting of streetnode.toml for every node, e.g. --set delivery.max_replay_start_delay=0s "
                    + "--set lwm2m.lifetime=1h (repeatable)")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "node i's simulated board has seed S + i (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--latitude", defaultValue = "50.927", description = "the city's centre (default ${DEFAULT-VALUE}, Jena)")
    double latitude;

    @Option(names = "--longitude", defaultValue = "11.586", description = "(default ${DEFAULT-VALUE})")
    double longitude;

    @Option(names = "--radius-km", defaultValue = "3", description = "poles stand up to this far from the centre "
            + "(default ${DEFAULT-VALUE})")
    double radiusKm;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "warn",
            description = "the nodes' log level in DIR/fleet.log (default ${DEFAULT-VALUE}); errors also go to stderr")
    String logLevel;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (nodes == null || keys == null || target == null) {
            throw usage("--nodes, --keys and --server (or --bootstrap-server) are required");
        }
        Scenario chosen = switch (scenario) {
            case "steady" -> new Scenario.Steady();
            case "outage" -> new Scenario.Outage(duration("--outage-after", outageAfter), duration("--outage-for", outageFor));
            case "churn" -> {
                if (!(churn > 0)) {
                    throw usage("--churn must be above 0");
                }
                yield new Scenario.Churn(churn);
            }
            default -> throw usage("--scenario: steady, outage or churn, not " + scenario);
        };
        Optional<Duration> limit = Optional.ofNullable(runFor).map(f -> duration("--for", f));
        FleetPlan plan;
        try {
            plan = new FleetPlan(dir, new NodeNames(prefix), firstIndex, nodes, keys,
                    target.server != null ? target.server : target.bootstrap, target.bootstrap != null, seed, latitude,
                    longitude, radiusKm, overrides, startRate);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        FleetLogging.configure(dir, logLevel);
        CountDownLatch stop = new CountDownLatch(1);
        for (String name : List.of("INT", "TERM")) {
            Signal.handle(new Signal(name), signal -> stop.countDown());
        }
        FleetReport report = new FleetReport(System.out, json);
        Clock clock = Clock.systemUTC();
        // the outage scenario's nodes reach the server through the fleet's own uplink, which it can cut
        Optional<CuttableUplink> uplink = Optional.empty();
        try {
            if (chosen instanceof Scenario.Outage) {
                uplink = Optional.of(new CuttableUplink(plan.server()));
            }
            URI nodesServer = uplink.isPresent() ? uplink.get().uri() : plan.server();
            try (Fleet fleet = Fleet.prepare(plan, nodesServer, clock)) {
                FleetRun run = new FleetRun(fleet, chosen, uplink, duration("--progress", progress), limit, report, clock,
                        seed);
                FleetSummary summary = run.run(stop, startRate);
                report.summary(summary);
                boolean recovered = summary.outage().map(o -> o.drained().isPresent()).orElse(true);
                return summary.startErrors().isEmpty() && recovered ? ExitCodes.OK : ExitCodes.FAILURE;
            }
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("streetnode fleet: " + e.getMessage());
            return ExitCodes.FAILURE;
        } finally {
            uplink.ifPresent(CuttableUplink::close); // after the nodes, which deregister through it
            FleetLogging.shutdown();
        }
    }

    private Duration duration(String option, String text) {
        return Units.parseDuration(text).orElseThrow(() -> usage(option + ": not a duration: " + text + " (write it as 30s, "
                + "10m, ...)"));
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    @Command(name = "keys", mixinStandardHelpOptions = true,
            description = {"Write a fresh PSK for every node of a fleet into FILE (mode 0600), for the platform to import "
                    + "and `streetnode fleet --keys` to read. CSV: a header line " + FleetKeys.HEADER + ", then one node "
                    + "a line: its endpoint name, its PSK identity (the same name) and its 16-byte key as 32 hex digits.",
                    "An existing FILE is never replaced."},
            footer = {"", ExitCodes.HELP})
    static final class Keys implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--nodes", required = true, paramLabel = "N", description = "how many nodes")
        int nodes;

        @Option(names = "--first-index", paramLabel = "I", defaultValue = "1", description = "the first node's index "
                + "(default ${DEFAULT-VALUE})")
        int firstIndex;

        @Option(names = "--prefix", paramLabel = "PREFIX", defaultValue = "streetnode-fleet-",
                description = "node names are PREFIX and the index in five digits (default ${DEFAULT-VALUE})")
        String prefix;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "the file to write")
        Path out;

        @Override
        public Integer call() {
            if (nodes < 1 || firstIndex < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--nodes must be at least 1, --first-index "
                        + "not negative");
            }
            NodeNames names;
            try {
                names = new NodeNames(prefix);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            try {
                FleetKeys.write(out, FleetKeys.generate(names, firstIndex, nodes, new SecureRandom()));
            } catch (IOException e) {
                System.err.println("streetnode fleet keys: " + e.getMessage());
                return ExitCodes.FAILURE;
            }
            System.out.println("wrote keys for " + names.endpoint(firstIndex) + " to " + names.endpoint(firstIndex + nodes - 1)
                    + " into " + out + " (mode 0600; import it into the platform)");
            return ExitCodes.OK;
        }
    }
}
