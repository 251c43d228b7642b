package org.streetnode.agent.provision;

import io.nayuki.qrcodegen.QrCode;

/**
 * A QR code drawn with Unicode half blocks, two modules a character cell, with the standard
 * quiet zone of four modules. Light modules are drawn, dark ones left blank, so the code reads
 * right on a dark terminal (the usual); {@code lightTerminal} swaps that.
 */
public final class QrTerminal {
    static final int QUIET = 4;

    private QrTerminal() {
    }

    public static QrCode encode(String text) {
        return QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
    }

    public static String render(QrCode qr, boolean lightTerminal) {
        int size = qr.size + 2 * QUIET;
        StringBuilder out = new StringBuilder();
        for (int y = 0; y < size; y += 2) {
            for (int x = 0; x < size; x++) {
                boolean top = drawn(qr, x - QUIET, y - QUIET, lightTerminal);
                boolean bottom = y + 1 < size && drawn(qr, x - QUIET, y + 1 - QUIET, lightTerminal);
                out.append(top ? (bottom ? '█' : '▀') : (bottom ? '▄' : ' '));
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** Whether the cell is drawn: outside the code is the light quiet zone. */
    private static boolean drawn(QrCode qr, int x, int y, boolean lightTerminal) {
        boolean dark = x >= 0 && y >= 0 && x < qr.size && y < qr.size && qr.getModule(x, y);
        return lightTerminal == dark;
    }
}
