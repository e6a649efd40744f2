package io.tributary.metadata.quorum;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries {@link QuorumQuery} requests to the leader's state machine over Ratis's read-only path
 * and retries, with a fixed backoff up to {@code tributary.metadata.client.deadline.ms}, while
 * there is no ready controller: unreachable or stale leader, election in progress, handler not yet
 * registered. Each attempt goes to the leader named by the last NotLeaderException, else to the
 * leader this node's own Raft division knows. Never resends a failure of the controller's handler.
 *
 * <p>Thread-safe. Futures complete on Ratis client threads or on this channel's retry thread.
 */
final class LeaderQueryChannel implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeaderQueryChannel.class);

    private final RaftClient client;
    private final Supplier<RaftPeerId> localLeader;
    private final QuorumConfig config;
    private final ScheduledExecutorService retryScheduler;
    private volatile boolean closed;

    /** @param client a client without retries of its own: this channel decides where to retry */
    LeaderQueryChannel(RaftClient client, Supplier<RaftPeerId> localLeader, QuorumConfig config) {
        this.client = client;
        this.localLeader = localLeader;
        this.config = config;
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "quorum-retry-" + config.nodeId());
            t.setDaemon(true);
            return t;
        });
        // Every query schedules its deadline and cancels it when answered: without this, the
        // cancelled deadlines of the last clientDeadlineMs would stay queued (and on the heap).
        scheduler.setRemoveOnCancelPolicy(true);
        this.retryScheduler = scheduler;
    }

    /**
     * Sends one framed query and completes with the payload of the leader's OK reply.
     *
     * @param what for error messages: "Could not {what} within ..."
     */
    CompletableFuture<byte[]> query(byte[] framed, String what) {
        CompletableFuture<byte[]> out = new CompletableFuture<>();
        long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.clientDeadlineMs());
        // The deadline holds even if an attempt never answers (a controller stuck behind a write).
        try {
            ScheduledFuture<?> expiry = retryScheduler.schedule(() -> out.completeExceptionally(
                    new QuorumUnavailableException("Could not " + what + " within " + config.clientDeadlineMs()
                            + " ms (" + QuorumConfig.CLIENT_DEADLINE_MS + "): no answer from the controller",
                            new TimeoutException("no answer"))),
                    config.clientDeadlineMs(), TimeUnit.MILLISECONDS);
            out.whenComplete((v, e) -> expiry.cancel(false));
        } catch (RejectedExecutionException e) {
            out.completeExceptionally(new IllegalStateException("metadata quorum node " + config.nodeId() + " is closed"));
            return out;
        }
        attempt(Message.valueOf(UnsafeByteOperations.unsafeWrap(framed)), null, deadlineNs, what, out);
        return out;
    }

    private void attempt(Message message, RaftPeerId suggested, long deadlineNs, String what,
                         CompletableFuture<byte[]> out) {
        if (out.isDone()) {
            return;
        }
        if (closed) {
            out.completeExceptionally(new IllegalStateException("metadata quorum node " + config.nodeId() + " is closed"));
            return;
        }
        RaftPeerId target = suggested != null ? suggested : localLeader.get();
        CompletableFuture<RaftClientReply> sent;
        try {
            // Unordered: a failed read-only call must not close an ordered client's sliding window.
            sent = client.async().sendReadOnlyUnordered(message, target);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((reply, error) -> {
            Throwable failure = error != null ? unwrap(error) : reply.isSuccess() ? null : reply.getException();
            if (failure != null) {
                reconnect(target, failure);
            }
            if (failure == null) {
                try {
                    out.complete(QuorumQuery.unwrapReply(reply.getMessage().getContent().toByteArray()));
                    return;
                } catch (NotControllerException e) {
                    failure = e; // an election is under way or the controller is not registered yet: retry
                } catch (RuntimeException e) {
                    out.completeExceptionally(e);
                    return;
                }
            }
            log.debug("node {}: {} attempt to {} failed", config.nodeId(), what, target, failure);
            long backoffNs = TimeUnit.MILLISECONDS.toNanos(config.retryBackoffMs());
            if (System.nanoTime() + backoffNs >= deadlineNs || closed) {
                out.completeExceptionally(new QuorumUnavailableException("Could not " + what + " within "
                        + config.clientDeadlineMs() + " ms (" + QuorumConfig.CLIENT_DEADLINE_MS + "): " + failure, failure));
                return;
            }
            RaftPeerId next = suggestedLeader(failure);
            if (next != null && !next.equals(target)) {
                attempt(message, next, deadlineNs, what, out);
            } else {
                try {
                    retryScheduler.schedule(() -> attempt(message, null, deadlineNs, what, out), backoffNs,
                            TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException e) {
                    out.completeExceptionally(new IllegalStateException(
                            "metadata quorum node " + config.nodeId() + " is closed", failure));
                }
            }
        });
    }

    /**
     * Ratis's gRPC client closes its request stream to a peer for good once that peer answers
     * NotLeaderException or LeaderNotReadyException (or the stream fails): later calls to the peer
     * fail at once with AlreadyClosedException. Its own retry would reconnect, but this channel's
     * client has none, so reconnect here; otherwise a peer that refused one call during an election
     * stays unreachable after it becomes the leader.
     */
    private void reconnect(RaftPeerId target, Throwable failure) {
        RaftPeerId peer = target != null ? target : client.getLeaderId();
        if (peer == null || closed) {
            return;
        }
        try {
            client.getClientRpc().handleException(peer, failure, true);
        } catch (RuntimeException e) {
            log.debug("node {}: reconnecting to {} failed", config.nodeId(), peer, e);
        }
    }

    private static RaftPeerId suggestedLeader(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof NotLeaderException nle && nle.getSuggestedLeader() != null) {
                return nle.getSuggestedLeader().getId();
            }
        }
        return null;
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Stops retrying; calls in flight fail at their next attempt. The client is closed by its owner. */
    @Override
    public void close() {
        closed = true;
        retryScheduler.shutdownNow();
    }
}
