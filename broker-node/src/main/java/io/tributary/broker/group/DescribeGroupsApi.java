package io.tributary.broker.group;

import io.tributary.broker.protocol.ApiHandler;
import io.tributary.broker.protocol.KafkaRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeGroupsRequest;
import org.apache.kafka.common.requests.DescribeGroupsResponse;

/**
 * DescribeGroups (key 15, v0-6). A group that does not exist is described as Dead, or from v6
 * answered GROUP_ID_NOT_FOUND (KIP-1043), as Kafka does.
 */
public final class DescribeGroupsApi implements ApiHandler {
    private final GroupCoordinator coordinator;

    public DescribeGroupsApi(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(KafkaRequest request) {
        List<String> groupIds = request.bodyAs(DescribeGroupsRequest.class).data().groups();
        short version = request.apiVersion();
        List<CompletableFuture<DescribeGroupsResponseData.DescribedGroup>> answers = new ArrayList<>();
        for (String groupId : groupIds) {
            answers.add(coordinator.describeGroup(groupId).thenApply(d -> described(d, version)));
        }
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(v -> {
            DescribeGroupsResponseData data = new DescribeGroupsResponseData();
            answers.forEach(a -> data.groups().add(a.join()));
            return new DescribeGroupsResponse(data);
        });
    }

    private static DescribeGroupsResponseData.DescribedGroup described(GroupCoordinator.GroupDescription d, short version) {
        DescribeGroupsResponseData.DescribedGroup g = new DescribeGroupsResponseData.DescribedGroup().setGroupId(d.groupId())
                .setErrorCode(d.error().code()).setGroupState(d.state()).setProtocolType(d.protocolType())
                .setProtocolData(d.protocol() == null ? "" : d.protocol()).setAuthorizedOperations(Integer.MIN_VALUE);
        if (d.error() == Errors.NONE && "Dead".equals(d.state()) && version >= 6) {
            g.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code()).setErrorMessage("Group " + d.groupId() + " not found.");
        }
        for (GroupCoordinator.MemberDescription m : d.members()) {
            g.members().add(new DescribeGroupsResponseData.DescribedGroupMember().setMemberId(m.memberId())
                    .setGroupInstanceId(m.groupInstanceId()).setClientId(m.clientId()).setClientHost(m.clientHost())
                    .setMemberMetadata(m.metadata()).setMemberAssignment(m.assignment()));
        }
        return g;
    }
}
