package org.streetnode.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.streetnode.drivers.Sensor;

/**
 * The packages of both modules (agent and drivers) form no import cycle: each package can be
 * read, changed and tested knowing only the packages below it (README, "Layout"). The
 * dependencies come from the compiled classes, as the JDK's jdeps reads them, so an import
 * used only in a Javadoc comment does not count and a fully qualified name in code does.
 */
class PackageCyclesTest {

    @Test
    void packagesOfAgentAndDriversFormNoCycle() throws Exception {
        Map<String, Set<String>> imports = packageDependencies(classesOf(Agent.class), classesOf(Sensor.class));
        assertThat(imports).as("packages and imports read from the compiled classes of both modules")
                .containsKey("org.streetnode.drivers.port")
                .hasEntrySatisfying("org.streetnode.agent.board", uses -> assertThat(uses)
                        .contains("org.streetnode.agent.config", "org.streetnode.drivers.port"));

        assertThat(cycles(imports)).as("package cycles (each: its packages, then one way round it)").isEmpty();
    }

    @Test
    void aCycleIsFoundAndShownAsAWayRoundIt() {
        Map<String, Set<String>> imports = new TreeMap<>(Map.of(
                "a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"), "e", Set.of()));

        assertThat(cycles(imports)).containsExactly("[a, b, c], e.g. a -> b -> c -> a");
        assertThat(cycles(Map.of("a", Set.of("b"), "b", Set.of()))).isEmpty();
    }

    /** Where the build put a module's classes (its target/classes, or its jar). */
    private static Path classesOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** Package to the packages it uses, among streetnode's own, from {@code jdeps -verbose:package}. */
    private static Map<String, Set<String>> packageDependencies(Path... classes) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                .orElseThrow(() -> new IllegalStateException("no jdeps: the tests run on a JDK, which has it"));
        List<String> args = new ArrayList<>(List.of("-verbose:package", "-filter:none", "-e", "org\\.streetnode\\..*"));
        Stream.of(classes).map(Path::toString).forEach(args::add);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = jdeps.run(new PrintWriter(out), new PrintWriter(err), args.toArray(new String[0]));
        assertThat(status).as("jdeps exit status; its errors: %s", err).isZero();

        Map<String, Set<String>> imports = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            // "   org.streetnode.agent.board    -> org.streetnode.agent.config    classes"
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3 && f[1].equals("->") && ours(f[0]) && ours(f[2])) {
                imports.computeIfAbsent(f[0], p -> new TreeSet<>());
                imports.computeIfAbsent(f[2], p -> new TreeSet<>());
                if (!f[0].equals(f[2])) {
                    imports.get(f[0]).add(f[2]);
                }
            }
        }
        return imports;
    }

    private static boolean ours(String pkg) {
        return pkg.startsWith("org.streetnode.");
    }

    /**
     * Every strongly connected group of more than one package (Tarjan), as its sorted packages
     * and one way round it, so a failure says which imports to look at.
     */
    private static List<String> cycles(Map<String, Set<String>> imports) {
        Tarjan t = new Tarjan(imports);
        imports.keySet().forEach(p -> {
            if (!t.index.containsKey(p)) {
                t.visit(p);
            }
        });
        return t.cycles;
    }

    private static final class Tarjan {
        final Map<String, Set<String>> imports;
        final Map<String, Integer> index = new HashMap<>();
        final Map<String, Integer> low = new HashMap<>();
        final Deque<String> stack = new ArrayDeque<>();
        final Set<String> onStack = new HashSet<>();
        final List<String> cycles = new ArrayList<>();

        Tarjan(Map<String, Set<String>> imports) {
            this.imports = imports;
        }

        void visit(String p) {
            index.put(p, index.size());
            low.put(p, index.get(p));
            stack.push(p);
            onStack.add(p);
            for (String q : imports.getOrDefault(p, Set.of())) {
                if (!index.containsKey(q)) {
                    visit(q);
                    low.put(p, Math.min(low.get(p), low.get(q)));
                } else if (onStack.contains(q)) {
                    low.put(p, Math.min(low.get(p), index.get(q)));
                }
            }
            if (low.get(p).equals(index.get(p))) {
                Set<String> group = new TreeSet<>();
                String q;
                do {
                    q = stack.pop();
                    onStack.remove(q);
                    group.add(q);
                } while (!q.equals(p));
                if (group.size() > 1) {
                    cycles.add(group + ", e.g. " + String.join(" -> ", loop(group)));
                }
            }
        }

        /** The shortest way round the group from its first package back to itself. */
        List<String> loop(Set<String> group) {
            String start = group.iterator().next();
            Map<String, String> cameFrom = new HashMap<>();
            Deque<String> queue = new ArrayDeque<>(List.of(start));
            while (!queue.isEmpty()) {
                String p = queue.removeFirst();
                for (String q : imports.get(p)) {
                    if (q.equals(start)) {
                        Deque<String> path = new ArrayDeque<>(List.of(start));
                        for (String back = p; back != null; back = cameFrom.get(back)) {
                            path.addFirst(back);
                        }
                        return List.copyOf(path);
                    }
                    if (group.contains(q) && !cameFrom.containsKey(q)) {
                        cameFrom.put(q, p);
                        queue.addLast(q);
                    }
                }
            }
            throw new IllegalStateException("no loop in a strongly connected group " + group);
        }
    }
}
