package io.tributary.admin.output;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds JSON objects whose fields keep the order written, so output is stable for golden files. */
public final class Json {
    private Json() {
    }

    /** {@code obj("a", 1, "b", 2)} → {"a":1,"b":2}. */
    public static Map<String, Object> obj(Object... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("key without value");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
