/**
 * The metadata quorum: one Apache Ratis group (gRPC transport) whose leader is the active
 * controller. Entry points: {@link io.tributary.metadata.quorum.MetadataQuorum} (start a node, propose
 * entries, call the controller, describe the quorum), {@link io.tributary.metadata.quorum.QuorumAdmin}
 * (membership changes) and {@link io.tributary.metadata.quorum.QuorumConfig}. The boundary to the
 * controller and image code is {@link io.tributary.metadata.quorum.ReplicatedState},
 * {@link io.tributary.metadata.quorum.LogProposer},
 * {@link io.tributary.metadata.quorum.ControllerRequestHandler} and
 * {@link io.tributary.metadata.quorum.LeadershipListener}; nothing here depends on that code.
 */
package io.tributary.metadata.quorum;
