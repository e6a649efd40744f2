package io.tributary.admin.output;

/** Whether standard output is a terminal a person looks at: colours and progress bars only then. */
public final class Terminal {
    private Terminal() {
    }

    /** True when the JVM has a console, the terminal is not dumb and NO_COLOR is not set. */
    public static boolean interactive() {
        return System.console() != null && !"dumb".equals(System.getenv("TERM"));
    }

    public static boolean colours() {
        return interactive() && System.getenv("NO_COLOR") == null;
    }
}
