package io.tributary.admin.command;

import io.tributary.admin.client.CliException;
import io.tributary.admin.output.Json;
import io.tributary.admin.output.Printer.Table;
import io.tributary.admin.plan.GroupLag;
import io.tributary.admin.plan.OffsetResetPlanner;
import io.tributary.admin.plan.OffsetResetPlanner.Move;
import io.tributary.admin.plan.OffsetResetPlanner.PartitionOffsets;
import io.tributary.admin.plan.OffsetResetPlanner.Strategy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tributary group list|describe|reset-offsets|delete}. */
@Command(name = "group", description = "List, inspect, reset and delete consumer groups.", mixinStandardHelpOptions = true,
        subcommands = {GroupCommand.ListGroups.class, GroupCommand.Describe.class, GroupCommand.ResetOffsets.class, GroupCommand.Delete.class})
public final class GroupCommand {

    @Command(name = "list", description = "List groups with their state, type and protocol.", mixinStandardHelpOptions = true)
    static final class ListGroups extends ClusterCall {
        @Override
        int run(Admin admin) throws Exception {
            List<GroupListing> groups = new ArrayList<>(admin.listGroups().all().get());
            groups.sort(Comparator.comparing(GroupListing::groupId));
            List<Map<String, Object>> json = new ArrayList<>();
            List<List<String>> rows = new ArrayList<>();
            for (GroupListing g : groups) {
                String state = g.groupState().map(GroupState::toString).orElse("Unknown");
                String type = g.type().map(t -> t.toString()).orElse("");
                json.add(Json.obj("group", g.groupId(), "state", state, "type", type, "protocol", g.protocol()));
                rows.add(List.of(g.groupId(), state, type, g.protocol() == null ? "" : g.protocol()));
            }
            printer().print(Map.of("groups", json), List.of(new Table(null, List.of("GROUP", "STATE", "TYPE", "PROTOCOL"), rows)));
            return 0;
        }
    }

    @Command(name = "describe", description = "Show a group's state, members and, per partition, committed offset, end offset and lag.",
            mixinStandardHelpOptions = true)
    static final class Describe extends ClusterCall {
        @Parameters(paramLabel = "GROUP") String group;

        @Override
        int run(Admin admin) throws Exception {
            ConsumerGroupDescription d = Groups.describe(admin, group);
            Map<TopicPartition, Long> committed = Groups.committed(admin, group);
            Map<TopicPartition, String> assignment = new HashMap<>();
            List<Map<String, Object>> members = new ArrayList<>();
            List<List<String>> memberRows = new ArrayList<>();
            List<MemberDescription> sortedMembers = new ArrayList<>(d.members());
            sortedMembers.sort(Comparator.comparing(MemberDescription::consumerId));
            for (MemberDescription m : sortedMembers) {
                List<String> parts = new ArrayList<>();
                m.assignment().topicPartitions().stream()
                        .sorted(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition))
                        .forEach(tp -> {
                            assignment.put(tp, m.consumerId());
                            parts.add(tp.toString());
                        });
                members.add(Json.obj("memberId", m.consumerId(), "groupInstanceId", m.groupInstanceId().orElse(null),
                        "clientId", m.clientId(), "host", m.host(), "assignment", parts));
                memberRows.add(List.of(m.consumerId(), m.clientId(), m.host(), String.join(",", parts)));
            }
            Set<TopicPartition> all = new java.util.HashSet<>(committed.keySet());
            all.addAll(assignment.keySet());
            List<GroupLag.Row> rows = GroupLag.rows(committed, Groups.offsets(admin, all, OffsetSpec.latest()), assignment);
            List<Map<String, Object>> offsets = new ArrayList<>();
            List<List<String>> offsetRows = new ArrayList<>();
            for (GroupLag.Row r : rows) {
                offsets.add(Json.obj("topic", r.topic(), "partition", r.partition(), "committedOffset", r.committed(),
                        "endOffset", r.end(), "lag", r.lag(), "memberId", r.member()));
                offsetRows.add(List.of(r.topic(), Integer.toString(r.partition()), dash(r.committed()), dash(r.end()), dash(r.lag()),
                        r.member() == null ? "-" : r.member()));
            }
            String coordinator = d.coordinator() == null ? "none" : Integer.toString(d.coordinator().id());
            Map<String, Object> value = Json.obj("group", group, "state", d.groupState().toString(), "type", String.valueOf(d.type()),
                    "protocol", d.partitionAssignor(), "coordinator", d.coordinator() == null ? null : d.coordinator().id(),
                    "totalLag", GroupLag.total(rows), "members", members, "offsets", offsets);
            String summary = "Group: " + group + "  state: " + d.groupState() + "  coordinator: " + coordinator
                    + "  members: " + members.size() + "  total lag: " + GroupLag.total(rows);
            Table offsetTable = new Table(null, List.of("TOPIC", "PARTITION", "COMMITTED", "END", "LAG", "MEMBER"), offsetRows);
            printer().print(value, memberRows.isEmpty()
                    ? List.of(new Table(summary, offsetTable.headers(), offsetTable.rows()))
                    : List.of(new Table(summary, List.of("MEMBER", "CLIENT", "HOST", "ASSIGNMENT"), memberRows), offsetTable));
            return 0;
        }
    }

    static String dash(Long v) {
        return v == null ? "-" : Long.toString(v);
    }

    /** Exactly one reset strategy. */
    static final class StrategyOptions {
        @Option(names = "--to-earliest", description = "The earliest offset still in the log.") boolean earliest;
        @Option(names = "--to-latest", description = "The end of the log.") boolean latest;
        @Option(names = "--to-offset", paramLabel = "N", description = "A fixed offset (clamped into the log).") Long offset;
        @Option(names = "--to-datetime", paramLabel = "ISO-8601", description = "The first record at or after this time, e.g. 2024-05-01T12:00:00Z (UTC when no zone).") String datetime;
        @Option(names = "--shift-by", paramLabel = "N", description = "Move the committed offset by N (negative: back).") Long shift;

        Strategy strategy() {
            if (earliest) {
                return new OffsetResetPlanner.ToEarliest();
            }
            if (latest) {
                return new OffsetResetPlanner.ToLatest();
            }
            if (offset != null) {
                return new OffsetResetPlanner.ToOffset(offset);
            }
            if (datetime != null) {
                try {
                    return new OffsetResetPlanner.ToDatetime(OffsetResetPlanner.parseDatetime(datetime));
                } catch (IllegalArgumentException e) {
                    throw new CliException(e.getMessage() + ".");
                }
            }
            return new OffsetResetPlanner.ShiftBy(shift);
        }
    }

    @Command(name = "reset-offsets", description = "Move a group's committed offsets. Shows the plan only, unless --execute is given.",
            mixinStandardHelpOptions = true)
    static final class ResetOffsets extends ClusterCall {
        @Parameters(paramLabel = "GROUP") String group;
        @Option(names = {"-t", "--topic"}, paramLabel = "TOPIC[:P,P...]", description = "A topic, optionally with partitions; repeatable.") List<String> topics = new ArrayList<>();
        @Option(names = "--all-topics", description = "Every topic the group has committed offsets for.") boolean allTopics;
        @ArgGroup(exclusive = true, multiplicity = "1") StrategyOptions strategy;
        @Option(names = "--execute", description = "Commit the new offsets (the group must have no active members).") boolean execute;

        @Override
        int run(Admin admin) throws Exception {
            if (topics.isEmpty() == !allTopics) {
                throw new CliException("Give either --topic or --all-topics.");
            }
            Strategy s = strategy.strategy();
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get();
            Map<TopicPartition, Long> committed = Groups.committed(admin, group);
            List<TopicPartition> partitions = partitions(admin, committed);
            if (partitions.isEmpty()) {
                throw new CliException("Nothing to reset: group '" + group + "' has no committed offsets.");
            }
            if (execute && !(d.groupState() == GroupState.EMPTY || d.groupState() == GroupState.DEAD)) {
                throw new CliException("Group '" + group + "' is " + d.groupState() + " with " + d.members().size()
                        + " member(s); stop its consumers before resetting offsets.");
            }
            Map<TopicPartition, Long> earliest = Groups.offsets(admin, partitions, OffsetSpec.earliest());
            Map<TopicPartition, Long> latest = Groups.offsets(admin, partitions, OffsetSpec.latest());
            Map<TopicPartition, Long> atTime = s instanceof OffsetResetPlanner.ToDatetime t
                    ? Groups.offsets(admin, partitions, OffsetSpec.forTimestamp(t.timestampMs())) : Map.of();
            Map<TopicPartition, PartitionOffsets> known = new LinkedHashMap<>();
            for (TopicPartition tp : partitions) {
                known.put(tp, new PartitionOffsets(committed.getOrDefault(tp, -1L), earliest.get(tp), latest.get(tp), atTime.getOrDefault(tp, -1L)));
            }
            List<Move> plan = OffsetResetPlanner.plan(s, known);
            if (execute) {
                Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
                plan.forEach(m -> commit.put(m.partition(), new OffsetAndMetadata(m.target())));
                admin.alterConsumerGroupOffsets(group, commit).all().get();
            }
            List<Map<String, Object>> json = new ArrayList<>();
            List<List<String>> rows = new ArrayList<>();
            for (Move m : plan) {
                Long current = m.current() < 0 ? null : m.current();
                json.add(Json.obj("topic", m.partition().topic(), "partition", m.partition().partition(), "currentOffset", current, "newOffset", m.target()));
                rows.add(List.of(m.partition().topic(), Integer.toString(m.partition().partition()), dash(current), Long.toString(m.target())));
            }
            String title = execute ? "Reset offsets of group " + group + ":" : "Plan for group " + group + " (dry run; add --execute to commit):";
            printer().print(Json.obj("group", group, "executed", execute, "partitions", json),
                    List.of(new Table(title, List.of("TOPIC", "PARTITION", "CURRENT", "NEW"), rows)));
            return 0;
        }

        private List<TopicPartition> partitions(Admin admin, Map<TopicPartition, Long> committed) throws Exception {
            if (allTopics) {
                return new ArrayList<>(committed.keySet());
            }
            List<TopicPartition> out = new ArrayList<>();
            Map<String, List<Integer>> wanted = new LinkedHashMap<>();
            for (String t : topics) {
                int colon = t.indexOf(':');
                wanted.put(colon < 0 ? t : t.substring(0, colon), colon < 0 ? null : Args.ints(t.substring(colon + 1)));
            }
            Map<String, TopicDescription> described = Topics.describe(admin, wanted.keySet());
            wanted.forEach((topic, ps) -> {
                int count = described.get(topic).partitions().size();
                for (int p : ps == null ? java.util.stream.IntStream.range(0, count).boxed().toList() : ps) {
                    if (p < 0 || p >= count) {
                        throw new CliException("Topic '" + topic + "' has no partition " + p + " (it has " + count + ").");
                    }
                    out.add(new TopicPartition(topic, p));
                }
            });
            return out;
        }
    }

    @Command(name = "delete", description = "Delete groups (they must have no active members) and their committed offsets.",
            mixinStandardHelpOptions = true)
    static final class Delete extends ClusterCall {
        @Parameters(paramLabel = "GROUP", arity = "1..*") List<String> groups;

        @Override
        int run(Admin admin) throws Exception {
            for (String g : groups) {
                Groups.describe(admin, g);
            }
            admin.deleteConsumerGroups(groups).all().get();
            printer().message(Map.of("deleted", groups), "Deleted group(s) " + String.join(", ", groups));
            return 0;
        }
    }
}
