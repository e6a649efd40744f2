package io.tributary.broker.group;

import io.tributary.broker.protocol.ApiHandler;
import io.tributary.broker.protocol.KafkaRequest;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ListGroupsRequest;
import org.apache.kafka.common.requests.ListGroupsResponse;

/**
 * ListGroups (key 16, v0-5): the groups this broker coordinates, filtered by state (v4) and type
 * (v5): "classic" or "consumer" (KIP-848).
 */
public final class ListGroupsApi implements ApiHandler {
    private final GroupCoordinator coordinator;

    public ListGroupsApi(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(KafkaRequest request) {
        ListGroupsRequestData body = request.bodyAs(ListGroupsRequest.class).data();
        Set<String> states = lower(body.statesFilter());
        Set<String> types = lower(body.typesFilter());
        return coordinator.listGroups().thenApply(listings -> {
            ListGroupsResponseData data = new ListGroupsResponseData();
            listings.stream()
                    .filter(l -> states.isEmpty() || states.contains(l.state().toLowerCase(Locale.ROOT)))
                    .filter(l -> types.isEmpty() || types.contains(l.groupType()))
                    .forEach(l -> data.groups().add(new ListGroupsResponseData.ListedGroup().setGroupId(l.groupId())
                            .setProtocolType(l.protocolType()).setGroupState(l.state()).setGroupType(l.groupType())));
            return new ListGroupsResponse(data);
        });
    }

    private static Set<String> lower(java.util.List<String> values) {
        return values == null ? Set.of() : values.stream().map(v -> v.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }
}
