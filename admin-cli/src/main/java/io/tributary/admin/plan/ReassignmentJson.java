package io.tributary.admin.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Kafka's partition reassignment JSON, as {@code kafka-reassign-partitions.sh} reads and writes it:
 * <pre>{"version":1,"partitions":[{"topic":"t","partition":0,"replicas":[1,2,3],"log_dirs":["any","any","any"]}]}</pre>
 * {@code log_dirs} is accepted and ignored (each node has one log directory). Pure.
 */
public final class ReassignmentJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ReassignmentJson() {
    }

    /** Target replicas per partition, in file order; a malformed file is an IllegalArgumentException saying where. */
    public static Map<TopicPartition, List<Integer>> parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("The reassignment file is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("The reassignment file must hold a JSON object with \"version\" and \"partitions\"");
        }
        if (root.has("version") && root.get("version").asInt() != 1) {
            throw new IllegalArgumentException("Unsupported reassignment file version " + root.get("version") + " (only 1 exists)");
        }
        JsonNode partitions = root.get("partitions");
        if (partitions == null || !partitions.isArray()) {
            throw new IllegalArgumentException("The reassignment file has no \"partitions\" array");
        }
        Map<TopicPartition, List<Integer>> out = new LinkedHashMap<>();
        int i = 0;
        for (JsonNode p : partitions) {
            String where = "partitions[" + i++ + "]";
            if (!p.path("topic").isTextual() || p.path("topic").asText().isEmpty()) {
                throw new IllegalArgumentException(where + " has no \"topic\"");
            }
            if (!p.path("partition").isInt() || p.get("partition").asInt() < 0) {
                throw new IllegalArgumentException(where + " has no valid \"partition\"");
            }
            JsonNode replicas = p.get("replicas");
            if (replicas == null || !replicas.isArray() || replicas.isEmpty()) {
                throw new IllegalArgumentException(where + " has no \"replicas\" list");
            }
            List<Integer> ids = new ArrayList<>();
            Set<Integer> seen = new HashSet<>();
            for (JsonNode r : replicas) {
                if (!r.isInt() || r.asInt() < 0) {
                    throw new IllegalArgumentException(where + " has a replica that is not a broker id: " + r);
                }
                if (!seen.add(r.asInt())) {
                    throw new IllegalArgumentException(where + " lists broker " + r.asInt() + " twice");
                }
                ids.add(r.asInt());
            }
            TopicPartition tp = new TopicPartition(p.get("topic").asText(), p.get("partition").asInt());
            if (out.put(tp, ids) != null) {
                throw new IllegalArgumentException(where + " repeats " + tp);
            }
        }
        return out;
    }

    /** The same shape back, e.g. the current assignment saved for a roll-back. */
    public static String write(Map<TopicPartition, List<Integer>> assignment) {
        List<Map<String, Object>> partitions = new ArrayList<>();
        assignment.forEach((tp, replicas) -> {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("topic", tp.topic());
            p.put("partition", tp.partition());
            p.put("replicas", replicas);
            p.put("log_dirs", replicas.stream().map(r -> "any").toList());
            partitions.add(p);
        });
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", 1);
        root.put("partitions", partitions);
        try {
            return MAPPER.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
