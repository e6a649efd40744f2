package io.tributary.broker.fetchsession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

class FetchSessionCacheTest {
    private final AtomicLong now = new AtomicLong(1_000);

    private FetchSessionCache cache(int slots, IntSupplier ids) {
        return new FetchSessionCache(slots, now::get, ids);
    }

    private static IntSupplier sequence(int... values) {
        int[] next = {0};
        return () -> values[next[0]++ % values.length];
    }

    @Test
    void shouldGiveEachSessionANonZeroUnusedPositiveId() {
        FetchSessionCache c = cache(10, sequence(0, 5, 5, -6, 9));

        FetchSession a = c.create(Map.of(), Map.of());
        FetchSession b = c.create(Map.of(), Map.of());
        FetchSession d = c.create(Map.of(), Map.of());

        assertThat(a.id()).isEqualTo(5);
        assertThat(b.id()).as("-6 with its sign bit cleared").isEqualTo(Integer.MAX_VALUE - 5);
        assertThat(d.id()).isEqualTo(9);
        assertThat(c.get(5)).isSameAs(a);
        assertThat(c.size()).isEqualTo(3);
    }

    @Test
    void shouldAnswerWithoutASessionWhenFullAndNoSessionIsIdleLongEnough() {
        FetchSessionCache c = cache(2, sequence(1, 2, 3));
        c.create(Map.of(), Map.of());
        c.create(Map.of(), Map.of());
        now.addAndGet(FetchSessionCache.EVICTION_IDLE_MS - 1);

        assertThat(c.create(Map.of(), Map.of())).isNull();
        assertThat(c.size()).isEqualTo(2);
    }

    @Test
    void shouldEvictTheLeastRecentlyUsedIdleSessionWhenFull() {
        FetchSessionCache c = cache(2, sequence(1, 2, 3));
        FetchSession first = c.create(Map.of(), Map.of());
        FetchSession second = c.create(Map.of(), Map.of());
        now.addAndGet(FetchSessionCache.EVICTION_IDLE_MS);
        c.get(first.id()).update(1, now.get(), Map.of(), java.util.List.of(), Map.of()); // first is in use again

        FetchSession third = c.create(Map.of(), Map.of());

        assertThat(third).isNotNull();
        assertThat(c.get(second.id())).isNull();
        assertThat(c.get(first.id())).isSameAs(first);
    }

    @Test
    void shouldNeverCreateSessionsWhenSlotsAreZero() {
        FetchSessionCache c = cache(0, sequence(1));

        assertThat(c.create(Map.of(), Map.of())).isNull();
    }

    @Test
    void shouldRejectNegativeSlotsNamingTheKey() {
        assertThatThrownBy(() -> cache(-1, sequence(1))).hasMessageContaining(FetchSessionCache.MAX_SLOTS);
    }

    @Test
    void shouldForgetARemovedSession() {
        FetchSessionCache c = cache(2, sequence(4));
        c.create(Map.of(), Map.of());

        c.remove(4);

        assertThat(c.get(4)).isNull();
    }
}
