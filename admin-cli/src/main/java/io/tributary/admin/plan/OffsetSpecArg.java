package io.tributary.admin.plan;

/**
 * Where {@code consume} starts in each partition: {@code beginning}, {@code end}, an absolute offset
 * {@code N}, or {@code -N} (N records before the end, like kcat). Pure.
 */
public record OffsetSpecArg(Kind kind, long value) {
    /** The kinds of start position. */
    public enum Kind { BEGINNING, END, ABSOLUTE, FROM_END }

    public static OffsetSpecArg parse(String text) {
        String t = text.trim().toLowerCase();
        if (t.equals("beginning") || t.equals("earliest")) {
            return new OffsetSpecArg(Kind.BEGINNING, 0);
        }
        if (t.equals("end") || t.equals("latest")) {
            return new OffsetSpecArg(Kind.END, 0);
        }
        try {
            long n = Long.parseLong(t);
            return n < 0 ? new OffsetSpecArg(Kind.FROM_END, -n) : new OffsetSpecArg(Kind.ABSOLUTE, n);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid offset '" + text + "': use beginning, end, N or -N");
        }
    }

    /** The offset to seek to in a partition whose log spans [start, end). */
    public long resolve(long start, long end) {
        long wanted = switch (kind) {
            case BEGINNING -> start;
            case END -> end;
            case ABSOLUTE -> value;
            case FROM_END -> end - value;
        };
        return Math.max(start, Math.min(end, wanted));
    }
}
