package io.tributary.admin.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints command results. Tables are aligned, with a header row; JSON is pretty-printed from the
 * same records the table is built from, so both always show the same facts. The JSON shape of each
 * command is part of its documented interface: fields are only ever added.
 */
public final class Printer {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .findAndRegisterModules();

    private static final String BOLD = "\u001b[1m";
    private static final String RESET = "\u001b[0m";

    private final PrintWriter out;
    private final OutputFormat format;
    private final boolean colour;

    public Printer(PrintWriter out, OutputFormat format) {
        this(out, format, false);
    }

    /** @param colour bold table headers (only for a terminal: see {@link Terminal#colours()}) */
    public Printer(PrintWriter out, OutputFormat format, boolean colour) {
        this.out = out;
        this.format = format;
        this.colour = colour;
    }

    /** One table of a table-mode result: an optional title line, a header row and the rows. */
    public record Table(String title, List<String> headers, List<List<String>> rows) {
    }

    /** Prints {@code value} as JSON/YAML, or the tables (blank line between them) when the format is TABLE. */
    public void print(Object value, List<Table> tables) {
        if (format == OutputFormat.TABLE) {
            boolean first = true;
            for (Table t : tables) {
                if (!first) {
                    out.println();
                }
                first = false;
                if (t.title() != null) {
                    out.println(t.title());
                }
                table(t.headers(), t.rows());
            }
        } else {
            structured(value);
        }
        out.flush();
    }

    public OutputFormat format() {
        return format;
    }

    /** Prints {@code value} as JSON/YAML, or the table when the format is TABLE. */
    public void print(Object value, List<String> headers, List<List<String>> rows) {
        if (format == OutputFormat.TABLE) {
            table(headers, rows);
        } else {
            structured(value);
        }
        out.flush();
    }

    /** Prints a plain message (table mode) or the structured value. */
    public void message(Object value, String text) {
        if (format == OutputFormat.TABLE) {
            out.println(text);
        } else {
            structured(value);
        }
        out.flush();
    }

    private void structured(Object value) {
        try {
            String json = JSON.writeValueAsString(value);
            out.println(format == OutputFormat.YAML ? JsonToYaml.convert(JSON.readTree(json)) : json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render output", e);
        }
    }

    private void table(List<String> headers, List<List<String>> rows) {
        int[] widths = new int[headers.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(headers);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < widths.length && i < row.size(); i++) {
                widths[i] = Math.max(widths[i], String.valueOf(row.get(i)).length());
            }
        }
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                String cell = i < row.size() ? String.valueOf(row.get(i)) : "";
                line.append(cell);
                if (i < widths.length - 1) {
                    line.append(" ".repeat(widths[i] - cell.length() + 2));
                }
            }
            String text = line.toString().stripTrailing();
            out.println(colour && row == headers ? BOLD + text + RESET : text);
        }
    }
}
