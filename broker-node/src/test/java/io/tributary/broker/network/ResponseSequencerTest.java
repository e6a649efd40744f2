package io.tributary.broker.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.broker.network.internal.ResponseSequencer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ResponseSequencerTest {

    @Test
    void shouldHoldALaterResponseUntilEarlierOnesAreReleased() {
        ResponseSequencer<String> seq = new ResponseSequencer<>();
        var first = seq.reserve();
        var second = seq.reserve();

        assertThat(seq.complete(second, "b")).isEmpty();
        assertThat(seq.complete(first, "a")).containsExactly("a", "b");
        assertThat(seq.inflight()).isZero();
    }

    @Test
    void shouldSkipRequestsWithoutResponseWhenReleasing() {
        ResponseSequencer<String> seq = new ResponseSequencer<>();
        var acksZero = seq.reserve();
        var next = seq.reserve();
        assertThat(seq.complete(next, "x")).isEmpty();
        assertThat(seq.complete(acksZero, null)).containsExactly("x");
    }

    @Test
    void shouldReleaseEveryResponseInOrderWhenCompletedInRandomOrder() {
        Random random = new Random(42);
        for (int round = 0; round < 100; round++) {
            ResponseSequencer<Integer> seq = new ResponseSequencer<>();
            int n = 1 + random.nextInt(20);
            List<ResponseSequencer.Slot<Integer>> slots = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                slots.add(seq.reserve());
            }
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                order.add(i);
            }
            Collections.shuffle(order, random);
            List<Integer> released = new ArrayList<>();
            for (int i : order) {
                released.addAll(seq.complete(slots.get(i), i));
            }
            assertThat(released).isSorted().hasSize(n);
        }
    }

    @Test
    void shouldFailWhenASlotIsCompletedTwice() {
        ResponseSequencer<String> seq = new ResponseSequencer<>();
        var slot = seq.reserve();
        seq.complete(slot, "a");
        assertThatThrownBy(() -> seq.complete(slot, "b")).isInstanceOf(IllegalStateException.class);
    }
}
