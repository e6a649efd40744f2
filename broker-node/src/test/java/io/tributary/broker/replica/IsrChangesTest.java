package io.tributary.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IsrChangesTest {
    private static final List<Integer> REPLICAS = List.of(1, 2, 3);

    @Test
    void shouldProposeNothingWhenAllInSync() {
        assertThat(IsrChanges.plan(1, REPLICAS, List.of(1, 2, 3), Set.of(), Set.of())).isEmpty();
    }

    @Test
    void shouldDropOutOfSyncFollowerWhenItLagged() {
        assertThat(IsrChanges.plan(1, REPLICAS, List.of(1, 2, 3), Set.of(3), Set.of())).contains(List.of(1, 2));
    }

    @Test
    void shouldKeepLeaderWhenEveryFollowerLagged() {
        assertThat(IsrChanges.plan(1, REPLICAS, List.of(1, 2, 3), Set.of(1, 2, 3), Set.of())).contains(List.of(1));
    }

    @Test
    void shouldAddCaughtUpFollowerInAssignmentOrderWhenItJoins() {
        assertThat(IsrChanges.plan(2, REPLICAS, List.of(2, 3), Set.of(), Set.of(1))).contains(List.of(1, 2, 3));
    }

    @Test
    void shouldShrinkAndExpandTogetherWhenBothAreDue() {
        assertThat(IsrChanges.plan(1, REPLICAS, List.of(1, 2), Set.of(2), Set.of(3))).contains(List.of(1, 3));
    }

    @Test
    void shouldProposeNothingWhenLeaderIsNotAReplica() {
        assertThat(IsrChanges.plan(7, REPLICAS, List.of(1, 2, 3), Set.of(3), Set.of())).isEmpty();
    }
}
