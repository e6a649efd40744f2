package io.tributary.log;

/** An append was rejected; nothing of the rejected input reached the file (except for KAFKA_STORAGE_ERROR). */
public class LogAppendException extends LogException {
    private static final long serialVersionUID = 1L;

    private final LogError error;

    public LogAppendException(LogError error, String message) {
        super(message);
        this.error = error;
    }

    public LogAppendException(LogError error, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    public LogError error() {
        return error;
    }

    @Override
    public String getMessage() {
        return error + ": " + super.getMessage();
    }
}
