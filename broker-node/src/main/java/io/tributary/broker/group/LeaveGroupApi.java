package io.tributary.broker.group;

import io.tributary.broker.protocol.ApiHandler;
import io.tributary.broker.protocol.KafkaRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.LeaveGroupRequest;
import org.apache.kafka.common.requests.LeaveGroupResponse;

/** LeaveGroup (key 13, v0-5); v3+ removes several members at once (KIP-345 admin removal). */
public final class LeaveGroupApi implements ApiHandler {
    private final GroupCoordinator coordinator;

    public LeaveGroupApi(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(KafkaRequest request) {
        LeaveGroupRequest body = request.bodyAs(LeaveGroupRequest.class);
        List<LeaveGroupRequestData.MemberIdentity> members = body.members(); // v0-2: the single member, normalised
        short version = request.apiVersion();
        return coordinator.leave(body.data().groupId(), members).thenApply(result -> {
            List<LeaveGroupResponseData.MemberResponse> responses = result.getValue();
            if (result.getKey() != Errors.NONE && version <= 2) {
                // The old versions carry exactly one member; the group error stands for it.
                responses = new ArrayList<>();
                for (LeaveGroupRequestData.MemberIdentity m : members) {
                    responses.add(new LeaveGroupResponseData.MemberResponse().setMemberId(m.memberId())
                            .setErrorCode(result.getKey().code()));
                }
            }
            return new LeaveGroupResponse(responses, result.getKey(), 0, version);
        });
    }
}
