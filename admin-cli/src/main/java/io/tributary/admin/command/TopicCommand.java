package io.tributary.admin.command;

import io.tributary.admin.output.Json;
import io.tributary.admin.output.Printer.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tributary topic create|list|describe|delete|alter-config|add-partitions}. */
@Command(name = "topic", description = "Create, list, describe, change and delete topics.", mixinStandardHelpOptions = true,
        subcommands = {TopicCommand.Create.class, TopicCommand.ListTopics.class, TopicCommand.Describe.class,
                TopicCommand.Delete.class, TopicCommand.AlterConfig.class, TopicCommand.AddPartitions.class})
public final class TopicCommand {

    @Command(name = "create", description = "Create a topic.", mixinStandardHelpOptions = true)
    static final class Create extends ClusterCall {
        @Parameters(paramLabel = "TOPIC") String name;
        @Option(names = {"-p", "--partitions"}, description = "Number of partitions (default: the cluster's num.partitions).") Integer partitions;
        @Option(names = {"-r", "--replication-factor"}, description = "Replicas per partition (default: the cluster's default.replication.factor).") Short replicationFactor;
        @Option(names = {"-c", "--config"}, paramLabel = "KEY=VALUE", description = "A topic config, e.g. retention.ms=3600000; repeatable.") List<String> configs = new ArrayList<>();
        @Option(names = "--if-not-exists", description = "Succeed when the topic already exists.") boolean ifNotExists;

        @Override
        int run(Admin admin) throws Exception {
            NewTopic topic = new NewTopic(name, Optional.ofNullable(partitions), Optional.ofNullable(replicationFactor))
                    .configs(Args.keyValues(configs));
            try {
                admin.createTopics(List.of(topic), new CreateTopicsOptions()).all().get();
            } catch (ExecutionException e) {
                // The controller's answer, not a broker's copy of the metadata that may lag behind it.
                if (ifNotExists && e.getCause() instanceof TopicExistsException) {
                    printer().message(Json.obj("topic", name, "created", false), "Topic " + name + " already exists");
                    return 0;
                }
                throw e;
            }
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("topic", name);
            value.put("created", true);
            printer().message(value, "Created topic " + name);
            return 0;
        }
    }

    @Command(name = "list", description = "List topics with their partition count and replication factor.", mixinStandardHelpOptions = true)
    static final class ListTopics extends ClusterCall {
        @Option(names = "--internal", description = "Include internal topics.") boolean internal;

        @Override
        int run(Admin admin) throws Exception {
            TreeSet<String> names = new TreeSet<>(admin.listTopics(new ListTopicsOptions().listInternal(internal)).names().get());
            Map<String, TopicDescription> descriptions = names.isEmpty() ? Map.of() : admin.describeTopics(names).allTopicNames().get();
            List<Map<String, Object>> topics = new ArrayList<>();
            List<List<String>> rows = new ArrayList<>();
            for (String name : names) {
                TopicDescription d = descriptions.get(name);
                if (d == null) {
                    continue;
                }
                int rf = d.partitions().isEmpty() ? 0 : d.partitions().get(0).replicas().size();
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("name", name);
                t.put("partitions", d.partitions().size());
                t.put("replicationFactor", rf);
                t.put("internal", d.isInternal());
                topics.add(t);
                rows.add(List.of(name, Integer.toString(d.partitions().size()), Integer.toString(rf)));
            }
            printer().print(Map.of("topics", topics), List.of(new Table(null, List.of("NAME", "PARTITIONS", "REPLICAS"), rows)));
            return 0;
        }
    }

    @Command(name = "describe", description = "Show a topic's partitions (leader, replicas, ISR) and its non-default configs.", mixinStandardHelpOptions = true)
    static final class Describe extends ClusterCall {
        @Parameters(paramLabel = "TOPIC", arity = "1..*") List<String> names;

        @Override
        int run(Admin admin) throws Exception {
            Map<String, TopicDescription> descriptions = Topics.describe(admin, names);
            List<Map<String, Object>> topics = new ArrayList<>();
            List<Table> tables = new ArrayList<>();
            for (TopicDescription d : descriptions.values()) {
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, d.name());
                Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
                Map<String, String> configs = new java.util.TreeMap<>();
                for (ConfigEntry e : config.entries()) {
                    if (!e.isDefault() && e.source() != ConfigEntry.ConfigSource.DEFAULT_CONFIG && e.source() != ConfigEntry.ConfigSource.STATIC_BROKER_CONFIG) {
                        configs.put(e.name(), e.isSensitive() ? "(sensitive)" : e.value());
                    }
                }
                List<Map<String, Object>> partitions = new ArrayList<>();
                List<List<String>> rows = new ArrayList<>();
                for (TopicPartitionInfo p : d.partitions()) {
                    partitions.add(partitionJson(p));
                    rows.add(List.of(Integer.toString(p.partition()), leader(p), ids(p.replicas()), ids(p.isr())));
                }
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("name", d.name());
                t.put("topicId", d.topicId() == null ? null : d.topicId().toString());
                t.put("internal", d.isInternal());
                t.put("partitions", partitions);
                t.put("configs", configs);
                topics.add(t);
                String summary = "Topic: " + d.name() + "  id: " + d.topicId() + "  partitions: " + d.partitions().size()
                        + "  replication: " + (d.partitions().isEmpty() ? 0 : d.partitions().get(0).replicas().size())
                        + (configs.isEmpty() ? "" : "\nConfigs: " + String.join(", ", configs.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
                tables.add(new Table(summary, List.of("PARTITION", "LEADER", "REPLICAS", "ISR"), rows));
            }
            printer().print(Map.of("topics", topics), tables);
            return 0;
        }
    }

    static Map<String, Object> partitionJson(TopicPartitionInfo p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("partition", p.partition());
        m.put("leader", p.leader() == null || p.leader().isEmpty() ? -1 : p.leader().id());
        m.put("replicas", p.replicas().stream().map(Node::id).toList());
        m.put("isr", p.isr().stream().map(Node::id).toList());
        return m;
    }

    static String leader(TopicPartitionInfo p) {
        return p.leader() == null || p.leader().isEmpty() ? "none" : Integer.toString(p.leader().id());
    }

    static String ids(List<Node> nodes) {
        return Args.join(nodes.stream().map(Node::id).toList());
    }

    @Command(name = "delete", description = "Delete topics and all their records.", mixinStandardHelpOptions = true)
    static final class Delete extends ClusterCall {
        @Parameters(paramLabel = "TOPIC", arity = "1..*") List<String> names;
        @Option(names = "--if-exists", description = "Skip topics that do not exist.") boolean ifExists;

        @Override
        int run(Admin admin) throws Exception {
            List<String> targets = names;
            if (ifExists) {
                var existing = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
                targets = names.stream().filter(existing::contains).toList();
            } else {
                Topics.describe(admin, names);
            }
            if (!targets.isEmpty()) {
                admin.deleteTopics(targets).all().get();
            }
            printer().message(Map.of("deleted", targets), targets.isEmpty() ? "No topic deleted" : "Deleted topic(s) " + String.join(", ", targets));
            return 0;
        }
    }

    @Command(name = "alter-config", description = "Set or delete topic configs (incremental: other configs stay).", mixinStandardHelpOptions = true)
    static final class AlterConfig extends ClusterCall {
        @Parameters(paramLabel = "TOPIC") String name;
        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A config to set; repeatable.") List<String> set = new ArrayList<>();
        @Option(names = "--delete", paramLabel = "KEY", description = "A config to reset to its default; repeatable.") List<String> delete = new ArrayList<>();

        @Override
        int run(Admin admin) throws Exception {
            Topics.describe(admin, List.of(name));
            ConfigCommand.alter(admin, printer(), new ConfigResource(ConfigResource.Type.TOPIC, name), Args.keyValues(set), delete);
            return 0;
        }
    }

    @Command(name = "add-partitions", description = "Grow a topic to a larger number of partitions.", mixinStandardHelpOptions = true)
    static final class AddPartitions extends ClusterCall {
        @Parameters(paramLabel = "TOPIC") String name;
        @Option(names = {"-t", "--total"}, required = true, description = "The new total number of partitions.") int total;

        @Override
        int run(Admin admin) throws Exception {
            Topics.describe(admin, List.of(name));
            admin.createPartitions(Map.of(name, NewPartitions.increaseTo(total))).all().get();
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("topic", name);
            value.put("partitions", total);
            printer().message(value, "Topic " + name + " now has " + total + " partitions");
            return 0;
        }
    }
}
