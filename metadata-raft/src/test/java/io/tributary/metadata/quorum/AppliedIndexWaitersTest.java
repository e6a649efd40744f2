package io.tributary.metadata.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

class AppliedIndexWaitersTest {

    private final AppliedIndexWaiters waiters = new AppliedIndexWaiters();

    @Test
    void shouldCompleteAtOnceWhenIndexIsAlreadyApplied() {
        waiters.advanceTo(5);

        assertThat(waiters.await(5)).isCompleted();
        assertThat(waiters.await(3)).isCompleted();
    }

    @Test
    void shouldReleaseOnlyReachedIndexesWhenApplyAdvances() {
        CompletableFuture<Void> at3 = waiters.await(3);
        CompletableFuture<Void> at7 = waiters.await(7);

        waiters.advanceTo(4);

        assertThat(at3).isCompleted();
        assertThat(at7).isNotDone();
        waiters.advanceTo(7);
        assertThat(at7).isCompleted();
    }

    @Test
    void shouldIgnoreWhenIndexMovesBackwards() {
        waiters.advanceTo(10);
        CompletableFuture<Void> at11 = waiters.await(11);

        waiters.advanceTo(2);

        assertThat(at11).isNotDone();
        assertThat(waiters.await(10)).isCompleted();
    }

    @Test
    void shouldFailPendingWaitersWhenClosed() {
        CompletableFuture<Void> at9 = waiters.await(9);

        waiters.failAll(new IllegalStateException("closed"));

        assertThat(at9).isCompletedExceptionally();
    }
}
