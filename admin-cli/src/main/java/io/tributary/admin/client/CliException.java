package io.tributary.admin.client;

/** An error the operator can act on: its message is the one sentence the CLI prints (exit code 1). */
public final class CliException extends RuntimeException {
    public CliException(String message) {
        super(message);
    }
}
