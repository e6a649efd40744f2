package io.tributary.metadata.quorum;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Decides when the Raft leader should step down because a follower that answers it makes no
 * progress: its commit index stands still while the leader's moves on.
 *
 * <p>Why: Ratis 3.3.0 can leave a restarted old leader (one whose log kept an uncommitted tail) in
 * an endless INCONSISTENCY loop with the new leader: the leader's appender keeps retrying from a
 * next index the follower rejects, the follower never catches up, and its broker can never
 * register (seen in CI: stuck 6 minutes, cleared at once by the next leader change, which starts
 * fresh appenders). A new term is the only public way to reset an appender, so the leader steps
 * down, at most once per cool-down, and only for a follower that answers (a dead, paused or cut-off
 * one is not helped by an election).
 *
 * <p>Pure: the caller samples the leader's view and the clock. Not thread-safe; one caller.
 */
final class StuckFollowerDetector {

    /** One follower as the leader sees it. */
    record FollowerSample(long commitIndex, long lastResponseAgoMs) {
    }

    /** The verdict: step down because this follower is stuck. */
    record Stuck(int followerId, long followerCommit, long leaderCommit, long stuckForMs) {
    }

    private record Progress(long commitIndex, long sinceMs) {
    }

    private final long stuckAfterMs;
    private final long responsiveWithinMs;
    private final long coolDownMs;
    private final Map<Integer, Progress> progress = new HashMap<>();
    private long term = -1;
    private long lastStepDownMs = Long.MIN_VALUE;

    /**
     * @param stuckAfterMs how long a follower's commit index may stand still behind the leader's while it answers
     * @param responsiveWithinMs a follower counts as answering if the leader heard from it this recently
     * @param coolDownMs the least time between two step-downs
     */
    StuckFollowerDetector(long stuckAfterMs, long responsiveWithinMs, long coolDownMs) {
        this.stuckAfterMs = stuckAfterMs;
        this.responsiveWithinMs = responsiveWithinMs;
        this.coolDownMs = coolDownMs;
    }

    /**
     * Records one sample of the leader's view in {@code term} and says whether to step down now.
     * A new term forgets what earlier terms saw (their appenders are gone).
     */
    Optional<Stuck> observe(long nowMs, long term, long leaderCommit, Map<Integer, FollowerSample> followers) {
        if (term != this.term) {
            this.term = term;
            progress.clear();
        }
        progress.keySet().retainAll(followers.keySet());
        Stuck worst = null;
        for (var e : followers.entrySet()) {
            FollowerSample s = e.getValue();
            Progress p = progress.get(e.getKey());
            boolean answering = s.lastResponseAgoMs() >= 0 && s.lastResponseAgoMs() <= responsiveWithinMs;
            // Only time spent answering counts: a follower that was down (restarting) stood still
            // for a reason, and must not be called stuck the moment it answers again.
            if (p == null || !answering || s.commitIndex() != p.commitIndex() || s.commitIndex() >= leaderCommit) {
                progress.put(e.getKey(), new Progress(s.commitIndex(), nowMs));
                continue;
            }
            long stuckFor = nowMs - p.sinceMs();
            if (stuckFor >= stuckAfterMs && (worst == null || stuckFor > worst.stuckForMs())) {
                worst = new Stuck(e.getKey(), s.commitIndex(), leaderCommit, stuckFor);
            }
        }
        if (worst == null || (lastStepDownMs != Long.MIN_VALUE && nowMs - lastStepDownMs < coolDownMs)) {
            return Optional.empty();
        }
        lastStepDownMs = nowMs;
        return Optional.of(worst);
    }
}
