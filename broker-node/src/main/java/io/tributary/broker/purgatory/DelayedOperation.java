package io.tributary.broker.purgatory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An operation that waits for a condition or a timeout, whichever comes first: an acks=all produce
 * waiting for the high watermark, or a fetch waiting for {@code min.bytes}.
 *
 * <p>Threading: {@link #tryComplete()} may be called from any thread that changed something the
 * operation waits on; calls on one operation are serialised by its own monitor. Completion happens
 * exactly once — by {@link #tryComplete()} calling {@link #forceComplete()}, or by expiry.
 */
public abstract class DelayedOperation {
    private final long timeoutMs;
    private final AtomicBoolean completed = new AtomicBoolean();
    private volatile Runnable cancelTimer = () -> { };

    protected DelayedOperation(long timeoutMs) {
        this.timeoutMs = Math.max(0, timeoutMs);
    }

    public final long timeoutMs() {
        return timeoutMs;
    }

    /**
     * Checks the condition and, if it holds, calls {@link #forceComplete()}. Returns whether this
     * call completed the operation.
     */
    protected abstract boolean tryComplete();

    /** Runs once, when the operation completes for whatever reason; builds and sends the result. */
    protected abstract void onComplete();

    /** Runs once, before {@link #onComplete()}, when the operation completes by timing out. */
    protected void onExpiration() {
    }

    /** Completes the operation now unless it already completed. Returns whether this call did it. */
    public final boolean forceComplete() {
        if (!completed.compareAndSet(false, true)) {
            return false;
        }
        cancelTimer.run();
        onComplete();
        return true;
    }

    public final boolean isCompleted() {
        return completed.get();
    }

    final synchronized boolean safeTryComplete() {
        return !isCompleted() && tryComplete();
    }

    final synchronized void expire() {
        if (completed.compareAndSet(false, true)) {
            onExpiration();
            onComplete();
        }
    }

    final void setCancelTimer(Runnable cancel) {
        this.cancelTimer = cancel;
        if (isCompleted()) {
            cancel.run();
        }
    }
}
