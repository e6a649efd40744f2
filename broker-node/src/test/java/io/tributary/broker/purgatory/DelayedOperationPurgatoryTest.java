package io.tributary.broker.purgatory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.util.HashedWheelTimer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class DelayedOperationPurgatoryTest {
    private final HashedWheelTimer timer = new HashedWheelTimer(5, TimeUnit.MILLISECONDS);
    private final DelayedOperationPurgatory<String> purgatory = new DelayedOperationPurgatory<>(timer);

    @AfterEach
    void stop() {
        timer.stop();
    }

    /** Completes when the flag is set; records how it ended. */
    private static final class FlagOp extends DelayedOperation {
        final AtomicBoolean ready;
        final AtomicInteger completions = new AtomicInteger();
        final AtomicBoolean expired = new AtomicBoolean();

        FlagOp(AtomicBoolean ready, long timeoutMs) {
            super(timeoutMs);
            this.ready = ready;
        }

        @Override
        protected boolean tryComplete() {
            return ready.get() && forceComplete();
        }

        @Override
        protected void onComplete() {
            completions.incrementAndGet();
        }

        @Override
        protected void onExpiration() {
            expired.set(true);
        }
    }

    @Test
    void shouldNeverLoseAWatchWhenAConcurrentCheckDropsTheKeysEmptyList() throws Exception {
        // A checker that finds the key's list empty drops it; an op being watched at that moment
        // must land in a list later checks still find (else it waits for its timeout).
        AtomicBoolean stop = new AtomicBoolean();
        Thread checker = new Thread(() -> {
            while (!stop.get()) {
                purgatory.checkAndComplete("p0");
            }
        });
        checker.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            for (int i = 0; i < 200_000 && System.nanoTime() < deadline; i++) {
                AtomicBoolean ready = new AtomicBoolean();
                FlagOp op = new FlagOp(ready, 60_000);
                purgatory.tryCompleteElseWatch(op, List.of("p0"));
                ready.set(true);
                purgatory.checkAndComplete("p0");
                // The checker thread may have claimed the operation and not yet run onComplete: give it
                // a moment. A lost watch would leave it uncompleted for its whole 60 s timeout.
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                while (op.completions.get() == 0 && System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                assertThat(op.completions).as("iteration " + i).hasValue(1);
            }
        } finally {
            stop.set(true);
            checker.join();
        }
    }

    @Test
    void shouldCompleteAtOnceWhenConditionAlreadyHolds() {
        FlagOp op = new FlagOp(new AtomicBoolean(true), 10_000);
        assertThat(purgatory.tryCompleteElseWatch(op, List.of("p0"))).isTrue();
        assertThat(op.completions).hasValue(1);
        assertThat(purgatory.watched()).isZero();
    }

    @Test
    void shouldCompleteWatchedOperationWhenItsKeyIsChecked() {
        AtomicBoolean ready = new AtomicBoolean();
        FlagOp op = new FlagOp(ready, 10_000);
        assertThat(purgatory.tryCompleteElseWatch(op, List.of("p0", "p1"))).isFalse();
        assertThat(purgatory.checkAndComplete("p0")).isZero();

        ready.set(true);
        assertThat(purgatory.checkAndComplete("p1")).isEqualTo(1);
        assertThat(purgatory.checkAndComplete("p0")).isZero();
        assertThat(op.completions).hasValue(1);
        assertThat(op.expired).isFalse();
        assertThat(purgatory.watched()).isZero();
    }

    @Test
    void shouldExpireOnceWhenTimeoutPassesFirst() {
        FlagOp op = new FlagOp(new AtomicBoolean(), 30);
        purgatory.tryCompleteElseWatch(op, List.of("p0"));
        await().atMost(Duration.ofSeconds(5)).until(() -> op.completions.get() == 1);
        assertThat(op.expired).isTrue();
        op.ready.set(true);
        assertThat(purgatory.checkAndComplete("p0")).isZero();
        assertThat(op.completions).hasValue(1);
    }

    @Test
    void shouldForceCompleteEveryWatcherWhenKeyIsCompletedAll() {
        FlagOp a = new FlagOp(new AtomicBoolean(), 10_000);
        FlagOp b = new FlagOp(new AtomicBoolean(), 10_000);
        purgatory.tryCompleteElseWatch(a, List.of("p0"));
        purgatory.tryCompleteElseWatch(b, List.of("p0"));
        purgatory.completeAll("p0");
        assertThat(a.completions).hasValue(1);
        assertThat(b.completions).hasValue(1);
        assertThat(a.expired).isFalse();
    }

    @Test
    void shouldCompleteEachOperationExactlyOnceWhenRacingThreadsCheckAndExpire() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            AtomicBoolean ready = new AtomicBoolean();
            List<FlagOp> ops = new java.util.ArrayList<>();
            for (int i = 0; i < 500; i++) {
                FlagOp op = new FlagOp(ready, i % 2 == 0 ? 1 : 10_000);
                ops.add(op);
                purgatory.tryCompleteElseWatch(op, List.of("k" + (i % 7)));
            }
            ready.set(true);
            CountDownLatch done = new CountDownLatch(4);
            for (int t = 0; t < 4; t++) {
                pool.execute(() -> {
                    for (int k = 0; k < 7; k++) {
                        purgatory.checkAndComplete("k" + k);
                    }
                    done.countDown();
                });
            }
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> ops.stream().allMatch(o -> o.completions.get() == 1));
            assertThat(ops).allSatisfy(o -> assertThat(o.completions).hasValue(1));
        } finally {
            pool.shutdownNow();
        }
    }
}
