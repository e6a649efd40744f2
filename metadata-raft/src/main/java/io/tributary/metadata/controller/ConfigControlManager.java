package io.tributary.metadata.controller;

import io.tributary.metadata.controller.rpc.ControllerRequest;
import io.tributary.metadata.controller.rpc.ControllerResponse;
import io.tributary.metadata.image.MetadataImage;
import io.tributary.metadata.record.ConfigRecord;
import io.tributary.metadata.record.ConfigResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.protocol.Errors;

/**
 * Incremental config changes (IncrementalAlterConfigs semantics: set some keys, delete others) for
 * topics, brokers ({@code resourceName} = broker id, or empty for the cluster-wide default) and the
 * cluster. Topic keys and values are validated; broker keys are passed through for the broker to
 * interpret. Pure; confined to the controller thread.
 */
final class ConfigControlManager {

    ControllerResult<ControllerResponse> alterConfigs(ControllerRequest.AlterConfigs req, MetadataImage image) {
        BatchBuilder batch = new BatchBuilder();
        List<ControllerResponse.ResourceError> results = new ArrayList<>();
        for (ControllerRequest.AlterableConfig r : req.resources()) {
            String problem = null;
            Errors error = Errors.NONE;
            if (r.resourceType() == null) {
                error = Errors.INVALID_REQUEST;
                problem = "resource type is required";
            } else if (r.resourceType() == ConfigResourceType.TOPIC) {
                if (image.topic(r.resourceName()).isEmpty()) {
                    error = Errors.UNKNOWN_TOPIC_OR_PARTITION;
                    problem = "Topic " + r.resourceName() + " does not exist";
                } else {
                    problem = TopicConfigValidator.validate(r.set());
                    if (problem == null) {
                        for (String key : r.delete()) {
                            if (!TopicConfigValidator.KNOWN_KEYS.contains(key)) {
                                problem = "Unknown topic config name: " + key;
                                break;
                            }
                        }
                    }
                    error = problem == null ? Errors.NONE : Errors.INVALID_CONFIG;
                }
            } else if (r.resourceType() == ConfigResourceType.BROKER) {
                if (!r.resourceName().isEmpty() && !r.resourceName().matches("\\d+")) {
                    error = Errors.INVALID_REQUEST;
                    problem = "Broker resource name must be a broker id or empty, not '" + r.resourceName() + "'";
                }
            } else if (!r.resourceName().isEmpty()) {
                error = Errors.INVALID_REQUEST;
                problem = "Cluster resource name must be empty";
            }
            if (error == Errors.NONE) {
                for (String key : r.delete()) {
                    if (r.set().containsKey(key)) {
                        error = Errors.INVALID_REQUEST;
                        problem = "Config " + key + " is both set and deleted";
                        break;
                    }
                }
            }
            results.add(new ControllerResponse.ResourceError(r.resourceType(), r.resourceName(), error.code(), problem));
            if (error != Errors.NONE || req.validateOnly()) {
                continue;
            }
            new TreeMap<>(r.set()).forEach((k, v) -> batch.add(new ConfigRecord(r.resourceType(), r.resourceName(), k, v)));
            for (String key : new TreeSet<>(r.delete())) {
                batch.add(new ConfigRecord(r.resourceType(), r.resourceName(), key, null));
            }
        }
        return batch.build(new ControllerResponse.AlterConfigs(results));
    }
}
