package io.tributary.admin.chaos;

import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * Renders a {@link ChaosReport} as one self-contained HTML page: a verdict, an inline SVG timeline
 * (throughput, p99 latency and errors per second, with the fault intervals shaded across all three)
 * and tables of faults and checks. No scripts, no external resources. Pure.
 */
public final class HtmlReport {
    private static final int WIDTH = 1000;
    private static final int PANEL = 120;
    private static final int GAP = 30;
    private static final int LEFT = 60;
    private static final String[] FAULT_COLOURS = {"#f4c7c3", "#fce8b2", "#c6dafc", "#d9ead3", "#e1d5f0", "#f9cb9c"};

    private HtmlReport() {
    }

    public static String render(ChaosReport r) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Tributary chaos run ")
                .append(r.verdict()).append("</title><style>")
                .append("body{font-family:sans-serif;margin:20px;color:#222}table{border-collapse:collapse;margin:10px 0}")
                .append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;font-size:13px;vertical-align:top}")
                .append(".pass{color:#137333}.fail{color:#c5221f}code{font-size:12px}")
                .append("</style></head><body>");
        h.append("<h1>Chaos run: <span class=\"").append(r.passed() ? "pass" : "fail").append("\">")
                .append(r.verdict()).append("</span></h1>");
        h.append("<p>Seed ").append(r.seed()).append(". Config: <code>").append(esc(r.config().toString())).append("</code></p>");
        h.append("<p>").append(esc(r.summary().toString())).append("</p>");
        h.append(chart(r));
        h.append("<h2>Faults</h2><table><tr><th>start (s)</th><th>end (s)</th><th>fault</th><th>nodes</th><th>note</th></tr>");
        for (ChaosReport.InjectedFault f : r.faults()) {
            h.append("<tr><td>").append(sec(f.startMs())).append("</td><td>").append(sec(f.endMs())).append("</td><td>")
                    .append(esc(f.description())).append("</td><td>").append(f.nodes()).append("</td><td>")
                    .append(esc(f.note() == null ? "" : f.note())).append("</td></tr>");
        }
        h.append("</table><h2>Checks</h2><table><tr><th>check</th><th>result</th><th>violations</th><th>what it demands</th><th>examples</th></tr>");
        for (CheckResult c : r.checks()) {
            h.append("<tr><td>").append(esc(c.name())).append("</td><td class=\"").append(c.passed() ? "pass\">pass" : "fail\">FAIL")
                    .append("</td><td>").append(c.violations()).append("</td><td>").append(esc(c.description())).append("</td><td>");
            for (String e : c.examples()) {
                h.append(esc(e)).append("<br>");
            }
            h.append("</td></tr>");
        }
        return h.append("</table></body></html>\n").toString();
    }

    static String chart(ChaosReport r) {
        List<Timeline.Second> t = r.timeline();
        long seconds = Math.max(1, t.size());
        for (ChaosReport.InjectedFault f : r.faults()) {
            seconds = Math.max(seconds, f.endMs() / 1000 + 1);
        }
        int height = 3 * PANEL + 3 * GAP + 20;
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" font-size=\"11\">");
        double xs = (WIDTH - LEFT - 10) / (double) seconds;
        int i = 0;
        for (ChaosReport.InjectedFault f : r.faults()) {
            double x = LEFT + f.startMs() / 1000.0 * xs;
            double w = Math.max(2, (f.endMs() - f.startMs()) / 1000.0 * xs);
            s.append("<rect x=\"").append(fmt(x)).append("\" y=\"").append(GAP - 12).append("\" width=\"").append(fmt(w))
                    .append("\" height=\"").append(3 * PANEL + 2 * GAP + 12).append("\" fill=\"")
                    .append(FAULT_COLOURS[i++ % FAULT_COLOURS.length]).append("\" opacity=\"0.7\"><title>")
                    .append(esc(f.description() + " " + f.nodes())).append("</title></rect>");
            s.append("<text x=\"").append(fmt(x + 2)).append("\" y=\"").append(GAP - 2).append("\">")
                    .append(esc(f.kind() + " " + f.nodes())).append("</text>");
        }
        panel(s, t, 0, "acks/s", "#1a73e8", Timeline.Second::acks, xs);
        panel(s, t, 1, "p99 latency ms", "#e37400", Timeline.Second::p99Ms, xs);
        panel(s, t, 2, "errors/s", "#c5221f", Timeline.Second::errors, xs);
        s.append("<text x=\"").append(LEFT).append("\" y=\"").append(height - 4).append("\">seconds since the workload started (0 to ")
                .append(seconds).append(")</text>");
        return s.append("</svg>").toString();
    }

    private static void panel(StringBuilder s, List<Timeline.Second> t, int index, String label, String colour,
                              ToLongFunction<Timeline.Second> value, double xs) {
        int top = GAP + index * (PANEL + GAP);
        long max = Math.max(1, t.stream().mapToLong(value).max().orElse(1));
        s.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(top + PANEL).append("\" x2=\"").append(WIDTH - 10)
                .append("\" y2=\"").append(top + PANEL).append("\" stroke=\"#999\"/>");
        s.append("<text x=\"2\" y=\"").append(top + 10).append("\">").append(max).append("</text>");
        s.append("<text x=\"2\" y=\"").append(top + PANEL).append("\">0</text>");
        s.append("<text x=\"").append(LEFT + 4).append("\" y=\"").append(top + 10).append("\" fill=\"").append(colour).append("\">")
                .append(esc(label)).append("</text>");
        StringBuilder points = new StringBuilder();
        for (Timeline.Second sec : t) {
            double x = LEFT + (sec.second() + 0.5) * xs;
            double y = top + PANEL - value.applyAsLong(sec) * (double) PANEL / max;
            points.append(fmt(x)).append(',').append(fmt(y)).append(' ');
        }
        s.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"1.5\" points=\"")
                .append(points.toString().trim()).append("\"/>");
    }

    private static String sec(long ms) {
        return String.format(Locale.ROOT, "%.1f", ms / 1000.0);
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
