package io.tributary.admin.plan;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Formats consumed records with a kcat-style format string. Tokens: {@code %t} topic, {@code %p}
 * partition, {@code %o} offset, {@code %T} timestamp (ms), {@code %k} key, {@code %v} value,
 * {@code %h} headers as {@code k=v,k=v}, {@code %K}/{@code %S} key/value size in bytes (-1 for null),
 * {@code %%} a percent sign, {@code \n} {@code \t} {@code \\} escapes. Null keys and values print
 * as nothing. Bytes are decoded as UTF-8. Pure.
 */
public final class RecordFormat {
    private final String format;

    /** One record, already detached from the client's types. */
    public record View(String topic, int partition, long offset, long timestampMs, byte[] key, byte[] value,
                       List<Map.Entry<String, byte[]>> headers) {
    }

    public RecordFormat(String format) {
        validate(format);
        this.format = format;
    }

    private static void validate(String format) {
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c == '%' || c == '\\') {
                if (i + 1 >= format.length() || (c == '%' ? "tpoTkvhKS%" : "nt\\").indexOf(format.charAt(i + 1)) < 0) {
                    throw new IllegalArgumentException("Invalid format token '" + format.substring(i, Math.min(format.length(), i + 2))
                            + "' in '" + format + "' (use %t %p %o %T %k %v %h %K %S %% \\n \\t)");
                }
                i++;
            }
        }
    }

    public String format(View r) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c == '%') {
                char t = format.charAt(++i);
                switch (t) {
                    case 't' -> sb.append(r.topic());
                    case 'p' -> sb.append(r.partition());
                    case 'o' -> sb.append(r.offset());
                    case 'T' -> sb.append(r.timestampMs());
                    case 'k' -> sb.append(text(r.key()));
                    case 'v' -> sb.append(text(r.value()));
                    case 'K' -> sb.append(r.key() == null ? -1 : r.key().length);
                    case 'S' -> sb.append(r.value() == null ? -1 : r.value().length);
                    case 'h' -> sb.append(headers(r.headers()));
                    default -> sb.append('%');
                }
            } else if (c == '\\') {
                char t = format.charAt(++i);
                sb.append(t == 'n' ? '\n' : t == 't' ? '\t' : '\\');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String text(byte[] b) {
        return b == null ? "" : new String(b, StandardCharsets.UTF_8);
    }

    private static String headers(List<Map.Entry<String, byte[]>> headers) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, byte[]> h : headers) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(h.getKey()).append('=').append(text(h.getValue()));
        }
        return sb.toString();
    }
}
