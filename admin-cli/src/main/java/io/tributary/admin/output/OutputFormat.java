package io.tributary.admin.output;

/** How a command prints its result: aligned tables for people, JSON or YAML for scripts. */
public enum OutputFormat {
    TABLE, JSON, YAML
}
