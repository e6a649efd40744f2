package io.tributary.broker.api;

import io.tributary.broker.protocol.ApiHandler;
import io.tributary.broker.protocol.KafkaRequest;
import io.tributary.metadata.image.ConfigResourceKey;
import io.tributary.metadata.image.MetadataImage;
import io.tributary.metadata.record.ConfigResourceType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.IncrementalAlterConfigsRequest;
import org.apache.kafka.common.requests.IncrementalAlterConfigsResponse;

/**
 * IncrementalAlterConfigs (key 44): SET and DELETE single keys, APPEND to and SUBTRACT from list
 * values, for topics and brokers; the controller validates and writes the result.
 */
public final class IncrementalAlterConfigsApi implements ApiHandler {
    private static final byte SET = 0;
    private static final byte DELETE = 1;
    private static final byte APPEND = 2;
    private static final byte SUBTRACT = 3;

    private final ControllerGateway controller;
    private final Supplier<MetadataImage> image;

    public IncrementalAlterConfigsApi(ControllerGateway controller, Supplier<MetadataImage> image) {
        this.controller = controller;
        this.image = image;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(KafkaRequest request) {
        IncrementalAlterConfigsRequestData body = request.bodyAs(IncrementalAlterConfigsRequest.class).data();
        MetadataImage img = image.get();
        List<ConfigChanges.Change> changes = new ArrayList<>();
        for (IncrementalAlterConfigsRequestData.AlterConfigsResource resource : body.resources()) {
            Map<String, String> current = current(img, resource.resourceType(), resource.resourceName());
            Map<String, String> set = new LinkedHashMap<>();
            List<String> delete = new ArrayList<>();
            String problem = null;
            for (IncrementalAlterConfigsRequestData.AlterableConfig c : resource.configs()) {
                switch (c.configOperation()) {
                    case SET -> set.put(c.name(), c.value());
                    case DELETE -> delete.add(c.name());
                    case APPEND, SUBTRACT -> {
                        Set<String> items = new LinkedHashSet<>(split(set.getOrDefault(c.name(), current.get(c.name()))));
                        if (c.configOperation() == APPEND) {
                            items.addAll(split(c.value()));
                        } else {
                            items.removeAll(split(c.value()));
                        }
                        set.put(c.name(), String.join(",", items));
                    }
                    default -> problem = "Unknown config operation " + c.configOperation() + " for " + c.name();
                }
            }
            changes.add(problem != null
                    ? new ConfigChanges.Change(resource.resourceType(), resource.resourceName(), null, Errors.INVALID_REQUEST, problem)
                    : ConfigChanges.of(resource.resourceType(), resource.resourceName(), set, delete));
        }
        return ConfigChanges.apply(controller, changes, body.validateOnly()).thenApply(outcomes -> {
            IncrementalAlterConfigsResponseData data = new IncrementalAlterConfigsResponseData();
            outcomes.forEach(o -> data.responses().add(new IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse()
                    .setResourceType(o.resourceType()).setResourceName(o.resourceName())
                    .setErrorCode(o.errorCode()).setErrorMessage(o.errorMessage())));
            return new IncrementalAlterConfigsResponse(data);
        });
    }

    private static Map<String, String> current(MetadataImage img, byte typeId, String name) {
        ConfigResource.Type type = ConfigResource.Type.forId(typeId);
        if (type == ConfigResource.Type.TOPIC) {
            return img.configs(new ConfigResourceKey(ConfigResourceType.TOPIC, name));
        }
        if (type == ConfigResource.Type.BROKER) {
            return img.configs(name.isEmpty() ? new ConfigResourceKey(ConfigResourceType.CLUSTER, "")
                    : new ConfigResourceKey(ConfigResourceType.BROKER, name));
        }
        return Map.of();
    }

    private static List<String> split(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
