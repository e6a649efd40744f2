package io.tributary.admin.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/** Renders a JSON tree as block-style YAML (enough for command output; no YAML library needed). */
final class JsonToYaml {
    private JsonToYaml() {
    }

    static String convert(JsonNode node) {
        StringBuilder sb = new StringBuilder();
        write(node, 0, sb, false);
        return sb.toString().stripTrailing();
    }

    private static void write(JsonNode node, int indent, StringBuilder sb, boolean inList) {
        String pad = "  ".repeat(indent);
        if (node.isObject()) {
            if (node.isEmpty()) {
                sb.append(inList ? "{}\n" : pad + "{}\n");
                return;
            }
            boolean first = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String prefix = inList && first ? "" : pad;
                first = false;
                JsonNode v = e.getValue();
                if (v.isContainerNode() && !v.isEmpty()) {
                    sb.append(prefix).append(e.getKey()).append(":\n");
                    write(v, indent + 1, sb, false);
                } else {
                    sb.append(prefix).append(e.getKey()).append(": ").append(scalar(v)).append('\n');
                }
            }
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                sb.append(pad).append("[]\n");
                return;
            }
            for (JsonNode item : node) {
                sb.append(pad).append("- ");
                if (item.isContainerNode() && !item.isEmpty()) {
                    write(item, indent + 1, sb, true);
                } else {
                    sb.append(scalar(item)).append('\n');
                }
            }
        } else {
            sb.append(pad).append(scalar(node)).append('\n');
        }
    }

    private static String scalar(JsonNode v) {
        if (v.isNull()) {
            return "null";
        }
        if (v.isArray()) {
            return "[]";
        }
        if (v.isObject()) {
            return "{}";
        }
        if (v.isTextual()) {
            String s = v.asText();
            return s.isEmpty() || s.matches(".*[:#\\[\\]{},&*!|>'\"%@`].*|^[-?].*|true|false|null|[0-9.]+") ? "'" + s.replace("'", "''") + "'" : s;
        }
        return v.asText();
    }
}
