package io.tributary.broker.api;

import io.tributary.broker.protocol.ApiHandler;
import io.tributary.broker.protocol.KafkaRequest;
import io.tributary.broker.server.TopicConfigs;
import io.tributary.metadata.image.ConfigResourceKey;
import io.tributary.metadata.image.MetadataImage;
import io.tributary.metadata.record.ConfigResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeConfigsRequest;
import org.apache.kafka.common.requests.DescribeConfigsResponse;

/**
 * DescribeConfigs (key 32): a topic's effective configs (own settings, broker defaults, Kafka
 * defaults, each with its source), or this broker's configs (static settings from its file and
 * dynamic ones from the quorum). Values of keys that look secret are hidden.
 */
public final class DescribeConfigsApi implements ApiHandler {
    private static final byte DYNAMIC_BROKER_CONFIG = 2;
    private static final byte DYNAMIC_DEFAULT_BROKER_CONFIG = 3;
    private static final byte STATIC_BROKER_CONFIG = 4;

    private final int brokerId;
    private final Map<String, String> staticBrokerConfig;
    private final TopicConfigs topicConfigs;
    private final Supplier<MetadataImage> image;

    public DescribeConfigsApi(int brokerId, Map<String, String> staticBrokerConfig, TopicConfigs topicConfigs, Supplier<MetadataImage> image) {
        this.brokerId = brokerId;
        this.staticBrokerConfig = Map.copyOf(staticBrokerConfig);
        this.topicConfigs = topicConfigs;
        this.image = image;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(KafkaRequest request) {
        DescribeConfigsRequestData body = request.bodyAs(DescribeConfigsRequest.class).data();
        MetadataImage img = image.get();
        DescribeConfigsResponseData data = new DescribeConfigsResponseData();
        for (DescribeConfigsRequestData.DescribeConfigsResource resource : body.resources()) {
            DescribeConfigsResult result = new DescribeConfigsResult().setResourceType(resource.resourceType())
                    .setResourceName(resource.resourceName()).setErrorCode(Errors.NONE.code());
            ConfigResource.Type type = ConfigResource.Type.forId(resource.resourceType());
            List<DescribeConfigsResourceResult> configs = new ArrayList<>();
            if (type == ConfigResource.Type.TOPIC) {
                if (img.topic(resource.resourceName()).isEmpty()) {
                    result.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code()).setErrorMessage("Topic " + resource.resourceName() + " does not exist");
                } else {
                    for (TopicConfigs.Entry e : topicConfigs.describe(resource.resourceName())) {
                        configs.add(entry(e.name(), e.value(), e.source().code));
                    }
                }
            } else if (type == ConfigResource.Type.BROKER) {
                String name = resource.resourceName();
                if (!name.isEmpty() && !name.equals(Integer.toString(brokerId))) {
                    result.setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage("Broker " + brokerId
                            + " describes only its own configs; ask broker " + name);
                } else {
                    Map<String, DescribeConfigsResourceResult> merged = new TreeMap<>();
                    if (!name.isEmpty()) {
                        staticBrokerConfig.forEach((k, v) -> merged.put(k, entry(k, v, STATIC_BROKER_CONFIG)));
                    }
                    img.configs(new ConfigResourceKey(ConfigResourceType.CLUSTER, "")).forEach((k, v) ->
                            merged.put(k, entry(k, v, DYNAMIC_DEFAULT_BROKER_CONFIG)));
                    if (!name.isEmpty()) {
                        img.configs(new ConfigResourceKey(ConfigResourceType.BROKER, name)).forEach((k, v) ->
                                merged.put(k, entry(k, v, DYNAMIC_BROKER_CONFIG)));
                    }
                    configs.addAll(merged.values());
                }
            } else {
                result.setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage("Resource type " + type + " has no configs here");
            }
            List<String> keys = resource.configurationKeys();
            if (keys != null) {
                configs.removeIf(c -> !keys.contains(c.name()));
            }
            data.results().add(result.setConfigs(configs));
        }
        return CompletableFuture.completedFuture(new DescribeConfigsResponse(data));
    }

    private static DescribeConfigsResourceResult entry(String name, String value, byte source) {
        boolean sensitive = isSensitive(name);
        return new DescribeConfigsResourceResult().setName(name).setValue(sensitive ? null : value)
                .setConfigSource(source).setIsSensitive(sensitive).setReadOnly(false);
    }

    private static boolean isSensitive(String key) {
        String k = key.toLowerCase(java.util.Locale.ROOT);
        return k.contains("password") || k.contains("secret") || k.contains("sasl.jaas");
    }
}
