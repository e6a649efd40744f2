package io.tributary.metadata.quorum;

import static io.tributary.metadata.quorum.ControllerRoute.LOCAL;
import static io.tributary.metadata.quorum.ControllerRoute.REMOTE;
import static io.tributary.metadata.quorum.ControllerRoute.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ControllerRouteTest {

    @Test
    void readyLeaderServesLocallyWhateverElseHolds() {
        for (boolean voter : new boolean[] {true, false}) {
            for (boolean waitedEnough : new boolean[] {true, false}) {
                assertThat(ControllerRoute.of(voter, true, true, true, waitedEnough)).isEqualTo(LOCAL);
            }
        }
    }

    @Test
    void voterWaitsForAnOpenElection() {
        assertThat(ControllerRoute.of(true, false, false, false, false)).as("no leader known yet").isEqualTo(WAIT);
        assertThat(ControllerRoute.of(true, true, false, true, false)).as("won, earlier terms not applied yet").isEqualTo(WAIT);
    }

    @Test
    void voterStopsWaitingOnceItWaitedAnElectionsLength() {
        assertThat(ControllerRoute.of(true, false, false, false, true)).isEqualTo(REMOTE);
        assertThat(ControllerRoute.of(true, true, false, true, true)).isEqualTo(REMOTE);
    }

    @Test
    void knownRemoteLeaderIsAskedAtOnce() {
        assertThat(ControllerRoute.of(true, false, false, true, false)).isEqualTo(REMOTE);
        // A stale "ready" flag (this node just lost leadership) must not keep the request here.
        assertThat(ControllerRoute.of(true, false, true, true, false)).isEqualTo(REMOTE);
    }

    @Test
    void nonVoterNeverWaits() {
        for (boolean leaderKnown : new boolean[] {true, false}) {
            assertThat(ControllerRoute.of(false, false, false, leaderKnown, false)).isEqualTo(REMOTE);
        }
    }

    @Test
    void everyCombinationHasExactlyTheDocumentedRoute() {
        int local = 0;
        int wait = 0;
        for (int bits = 0; bits < 32; bits++) {
            boolean voter = (bits & 1) != 0;
            boolean leader = (bits & 2) != 0;
            boolean ready = (bits & 4) != 0;
            boolean known = (bits & 8) != 0;
            boolean waited = (bits & 16) != 0;
            ControllerRoute route = ControllerRoute.of(voter, leader, ready, known, waited);
            if (route == LOCAL) {
                local++;
                assertThat(leader && ready).isTrue();
            } else if (route == WAIT) {
                wait++;
                assertThat(voter && !waited && !(leader && ready) && (leader || !known)).isTrue();
            }
        }
        assertThat(local).isEqualTo(8);
        // On a voter that may still wait: no leader known (stale ready flag or not), or this node leads but is not ready.
        assertThat(wait).isEqualTo(4);
    }
}
