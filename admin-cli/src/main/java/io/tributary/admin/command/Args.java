package io.tributary.admin.command;

import io.tributary.admin.client.CliException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Parsing of the small argument shapes commands share: KEY=VALUE pairs, id lists. Pure. */
public final class Args {
    private Args() {
    }

    /** {@code ["a=1", "b=x=y"]} → {a=1, b=x=y}; a pair without '=' is a usage error. */
    public static Map<String, String> keyValues(List<String> pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new CliException("Expected KEY=VALUE but got '" + pair + "'.");
            }
            out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1));
        }
        return out;
    }

    /** {@code "1,2, 3"} → [1, 2, 3]. */
    public static List<Integer> ints(String csv) {
        List<Integer> out = new ArrayList<>();
        for (String part : csv.split(",")) {
            try {
                out.add(Integer.parseInt(part.trim()));
            } catch (NumberFormatException e) {
                throw new CliException("Expected a comma-separated list of numbers but got '" + csv + "'.");
            }
        }
        return out;
    }

    /** [1, 2, 3] → "1,2,3". */
    public static String join(List<Integer> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
