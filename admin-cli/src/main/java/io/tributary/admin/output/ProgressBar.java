package io.tributary.admin.output;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * A one-line progress bar redrawn in place ({@code \r}) on a terminal; draws nothing otherwise, so
 * piped output and logs stay clean. Rendering is a pure function for tests.
 */
public final class ProgressBar {
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final boolean enabled;
    private boolean drawn;

    public ProgressBar(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    /** Redraws the bar; {@code eta} may be null when not yet known. */
    public void update(String label, long done, long total, Duration eta) {
        if (enabled) {
            err.print("\r" + render(label, done, total, eta));
            err.flush();
            drawn = true;
        }
    }

    /** Ends the line the bar was drawn on. */
    public void finish() {
        if (drawn) {
            err.println();
            err.flush();
            drawn = false;
        }
    }

    static String render(String label, long done, long total, Duration eta) {
        double fraction = total <= 0 ? 1.0 : Math.min(1.0, (double) done / total);
        int filled = (int) Math.round(fraction * WIDTH);
        return String.format("%s [%s%s] %3d%% %d/%d%s", label, "#".repeat(filled), " ".repeat(WIDTH - filled),
                Math.round(fraction * 100), done, total, eta == null ? "" : " ETA " + formatEta(eta));
    }

    /** {@code 45s}, {@code 3m05s}, {@code 1h02m}. */
    public static String formatEta(Duration d) {
        long s = Math.max(0, (d.toMillis() + 999) / 1000);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format("%dm%02ds", s / 60, s % 60);
        }
        return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
