package io.tributary.admin.chaos;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The outcome of one check of a run.
 *
 * @param name short, stable name (for scripts)
 * @param description what the check demands
 * @param violations how many violations there were (0 = passed)
 * @param examples a few of them, readable
 */
public record CheckResult(String name, String description, long violations, List<String> examples) {
    static final int MAX_EXAMPLES = 10;

    public CheckResult {
        examples = List.copyOf(examples.size() > MAX_EXAMPLES ? examples.subList(0, MAX_EXAMPLES) : examples);
    }

    @JsonProperty("passed")
    public boolean passed() {
        return violations == 0;
    }
}
