package io.tributary.broker.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ProducerIdManagerTest {
    private final ArrayDeque<CompletableFuture<ProducerIdManager.Block>> requests = new ArrayDeque<>();
    private final ProducerIdManager manager = new ProducerIdManager(() -> {
        CompletableFuture<ProducerIdManager.Block> f = new CompletableFuture<>();
        requests.add(f);
        return f;
    });

    @Test
    void shouldWaitForFirstBlockThenHandOutConsecutiveIds() {
        CompletableFuture<Long> first = manager.nextProducerId();
        CompletableFuture<Long> second = manager.nextProducerId();
        assertThat(first).isNotDone();
        assertThat(requests).hasSize(1);
        requests.poll().complete(new ProducerIdManager.Block(1000, 10));
        assertThat(first.join()).isEqualTo(1000);
        assertThat(second.join()).isEqualTo(1001);
        assertThat(manager.nextProducerId().join()).isEqualTo(1002);
    }

    @Test
    void shouldPrefetchNextBlockBeforeTheCurrentRunsOut() {
        manager.nextProducerId();
        requests.poll().complete(new ProducerIdManager.Block(0, 10));
        for (int i = 0; i < 9; i++) {
            manager.nextProducerId().join();
        }
        assertThat(requests).hasSize(1); // asked ahead of need
        requests.poll().complete(new ProducerIdManager.Block(5000, 10));
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            ids.add(manager.nextProducerId().join());
        }
        assertThat(ids).contains(5000L).doesNotContain(9L);
    }

    @Test
    void shouldFailWaitersWhenControllerFailsAndRetryOnNextCall() {
        CompletableFuture<Long> waiting = manager.nextProducerId();
        requests.poll().completeExceptionally(new IllegalStateException("no quorum"));
        assertThat(waiting).isCompletedExceptionally();
        CompletableFuture<Long> again = manager.nextProducerId();
        requests.poll().complete(new ProducerIdManager.Block(7, 3));
        assertThat(again.join()).isEqualTo(7);
    }
}
