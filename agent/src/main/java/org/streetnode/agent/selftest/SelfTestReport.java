package org.streetnode.agent.selftest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/** The checks of one self-test run, as a table for people and as JSON for scripts. */
public record SelfTestReport(Instant at, List<Check> checks) {
    public SelfTestReport {
        checks = List.copyOf(checks);
    }

    public boolean passed() {
        return checks.stream().noneMatch(c -> c.result() == Check.Result.FAIL);
    }

    public String table() {
        int area = Math.max(4, checks.stream().mapToInt(c -> c.area().length()).max().orElse(0));
        int item = Math.max(4, checks.stream().mapToInt(c -> c.item().length()).max().orElse(0));
        String row = "%-" + area + "s  %-" + item + "s  %-4s  %s%n";
        StringBuilder out = new StringBuilder(String.format(row, "AREA", "ITEM", "", "DETAIL"));
        for (Check c : checks) {
            out.append(String.format(row, c.area(), c.item(), c.result(), c.detail()));
        }
        long failed = checks.stream().filter(c -> c.result() == Check.Result.FAIL).count();
        out.append(failed == 0 ? "PASSED: " + checks.size() + " checks\n" : "FAILED: " + failed + " of " + checks.size() + " checks\n");
        return out.toString();
    }

    public String json() {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("at", at.toString());
        root.put("passed", passed());
        ArrayNode list = root.putArray("checks");
        for (Check c : checks) {
            list.addObject().put("area", c.area()).put("item", c.item())
                    .put("result", c.result().name().toLowerCase()).put("detail", c.detail());
        }
        try {
            return mapper.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
