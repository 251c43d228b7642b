package org.streetnode.agent.shell.client;

import com.fasterxml.jackson.databind.JsonNode;

/** A series as a line of block characters, scaled to its own minimum and maximum; gaps stay blank. */
final class Sparkline {
    private static final char[] BLOCKS = {'▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'};

    private Sparkline() {
    }

    static String of(JsonNode points) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (JsonNode p : points) {
            if (p.isNumber()) {
                min = Math.min(min, p.asDouble());
                max = Math.max(max, p.asDouble());
            }
        }
        StringBuilder b = new StringBuilder(points.size());
        for (JsonNode p : points) {
            if (!p.isNumber()) {
                b.append(' ');
            } else if (max - min < 1e-9) {
                b.append(BLOCKS[BLOCKS.length / 2 - 1]);
            } else {
                int i = (int) Math.round((p.asDouble() - min) / (max - min) * (BLOCKS.length - 1));
                b.append(BLOCKS[i]);
            }
        }
        return b.toString();
    }
}
