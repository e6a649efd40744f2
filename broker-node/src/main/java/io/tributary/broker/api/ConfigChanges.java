package io.tributary.broker.api;

import io.tributary.broker.server.TopicConfigs;
import io.tributary.metadata.controller.rpc.ControllerRequest;
import io.tributary.metadata.controller.rpc.ControllerResponse;
import io.tributary.metadata.record.ConfigResourceType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.protocol.Errors;

/**
 * What AlterConfigs and IncrementalAlterConfigs share: turning each resource's change into a
 * controller request, refusing what Tributary cannot honour, and matching the controller's answers
 * back to the resources in request order.
 */
final class ConfigChanges {

    /** One resource's requested change, or the reason it is refused before reaching the controller. */
    record Change(byte resourceType, String resourceName, ControllerRequest.AlterableConfig config, Errors error, String message) {
    }

    /** The outcome for one resource. */
    record Outcome(byte resourceType, String resourceName, short errorCode, String errorMessage) {
    }

    private ConfigChanges() {
    }

    /** Builds the change for one resource; {@code set} and {@code delete} are the keys after the operation. */
    static Change of(byte resourceTypeId, String name, Map<String, String> set, List<String> delete) {
        ConfigResource.Type type = ConfigResource.Type.forId(resourceTypeId);
        ConfigResourceType ours = switch (type) {
            case TOPIC -> ConfigResourceType.TOPIC;
            case BROKER -> name.isEmpty() ? ConfigResourceType.CLUSTER : ConfigResourceType.BROKER;
            default -> null;
        };
        if (ours == null) {
            return new Change(resourceTypeId, name, null, Errors.INVALID_REQUEST, "Configs of " + type + " resources cannot be altered");
        }
        if (ours == ConfigResourceType.TOPIC) {
            String problem = TopicConfigs.unsupported(set);
            if (problem != null) {
                return new Change(resourceTypeId, name, null, Errors.INVALID_CONFIG, problem);
            }
        }
        return new Change(resourceTypeId, name, new ControllerRequest.AlterableConfig(ours, ours == ConfigResourceType.CLUSTER ? "" : name, set, delete),
                Errors.NONE, null);
    }

    /** Sends the valid changes in one controller request and answers every resource in order. */
    static CompletableFuture<List<Outcome>> apply(ControllerGateway controller, List<Change> changes, boolean validateOnly) {
        List<ControllerRequest.AlterableConfig> forward = changes.stream().filter(c -> c.error() == Errors.NONE).map(Change::config).toList();
        CompletableFuture<ControllerResponse.AlterConfigs> answered = forward.isEmpty()
                ? CompletableFuture.completedFuture(new ControllerResponse.AlterConfigs(List.of()))
                : controller.call(new ControllerRequest.AlterConfigs(forward, validateOnly), ControllerResponse.AlterConfigs.class);
        return answered.thenApply(response -> {
            Map<String, ControllerResponse.ResourceError> byKey = new HashMap<>();
            response.resources().forEach(r -> byKey.put(r.resourceType() + "/" + r.resourceName(), r));
            List<Outcome> out = new ArrayList<>();
            for (Change c : changes) {
                if (c.error() != Errors.NONE) {
                    out.add(new Outcome(c.resourceType(), c.resourceName(), c.error().code(), c.message()));
                    continue;
                }
                ControllerResponse.ResourceError r = byKey.get(c.config().resourceType() + "/" + c.config().resourceName());
                out.add(r == null
                        ? new Outcome(c.resourceType(), c.resourceName(), Errors.UNKNOWN_SERVER_ERROR.code(), "The controller did not answer for this resource")
                        : new Outcome(c.resourceType(), c.resourceName(), r.errorCode(), r.errorMessage()));
            }
            return out;
        });
    }
}
