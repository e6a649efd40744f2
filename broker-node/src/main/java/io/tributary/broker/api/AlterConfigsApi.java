package io.tributary.broker.api;

import io.tributary.broker.protocol.ApiHandler;
import io.tributary.broker.protocol.KafkaRequest;
import io.tributary.metadata.image.ConfigResourceKey;
import io.tributary.metadata.image.MetadataImage;
import io.tributary.metadata.record.ConfigResourceType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AlterConfigsRequest;
import org.apache.kafka.common.requests.AlterConfigsResponse;

/**
 * AlterConfigs (key 33), the older whole-set form: the given configs replace every dynamic config
 * of the resource, so keys not mentioned are deleted — Kafka's semantics, kept for old tools.
 */
public final class AlterConfigsApi implements ApiHandler {
    private final ControllerGateway controller;
    private final Supplier<MetadataImage> image;

    public AlterConfigsApi(ControllerGateway controller, Supplier<MetadataImage> image) {
        this.controller = controller;
        this.image = image;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(KafkaRequest request) {
        AlterConfigsRequestData body = request.bodyAs(AlterConfigsRequest.class).data();
        MetadataImage img = image.get();
        List<ConfigChanges.Change> changes = new ArrayList<>();
        for (AlterConfigsRequestData.AlterConfigsResource resource : body.resources()) {
            Map<String, String> set = new LinkedHashMap<>();
            resource.configs().forEach(c -> set.put(c.name(), c.value()));
            ConfigResource.Type type = ConfigResource.Type.forId(resource.resourceType());
            Map<String, String> existing = type == ConfigResource.Type.TOPIC
                    ? img.configs(new ConfigResourceKey(ConfigResourceType.TOPIC, resource.resourceName()))
                    : img.configs(new ConfigResourceKey(resource.resourceName().isEmpty() ? ConfigResourceType.CLUSTER : ConfigResourceType.BROKER,
                    resource.resourceName()));
            List<String> delete = existing.keySet().stream().filter(k -> !set.containsKey(k)).toList();
            changes.add(ConfigChanges.of(resource.resourceType(), resource.resourceName(), set, delete));
        }
        return ConfigChanges.apply(controller, changes, body.validateOnly()).thenApply(outcomes -> {
            AlterConfigsResponseData data = new AlterConfigsResponseData();
            outcomes.forEach(o -> data.responses().add(new AlterConfigsResponseData.AlterConfigsResourceResponse()
                    .setResourceType(o.resourceType()).setResourceName(o.resourceName())
                    .setErrorCode(o.errorCode()).setErrorMessage(o.errorMessage())));
            return new AlterConfigsResponse(data);
        });
    }
}
