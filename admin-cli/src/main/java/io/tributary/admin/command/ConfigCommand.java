package io.tributary.admin.command;

import io.tributary.admin.client.CliException;
import io.tributary.admin.output.Json;
import io.tributary.admin.output.Printer;
import io.tributary.admin.output.Printer.Table;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tributary config get|set|delete topic NAME | broker ID} (IncrementalAlterConfigs). */
@Command(name = "config", description = "Read and change topic and broker configs.", mixinStandardHelpOptions = true,
        subcommands = {ConfigCommand.Get.class, ConfigCommand.Set.class, ConfigCommand.Delete.class})
public final class ConfigCommand {

    /** The kinds of resource the command knows. */
    enum Kind {
        topic(ConfigResource.Type.TOPIC), broker(ConfigResource.Type.BROKER);

        final ConfigResource.Type type;

        Kind(ConfigResource.Type type) {
            this.type = type;
        }
    }

    abstract static class ResourceCall extends ClusterCall {
        @Parameters(index = "0", paramLabel = "TYPE", description = "topic or broker.") Kind kind;
        @Parameters(index = "1", paramLabel = "NAME", description = "Topic name or broker id.") String name;

        ConfigResource resource(Admin admin) throws Exception {
            if (kind == Kind.topic) {
                Topics.describe(admin, List.of(name));
            } else if (!name.matches("\\d+")) {
                throw new CliException("A broker is named by its numeric id, not '" + name + "'.");
            }
            return new ConfigResource(kind.type, name);
        }
    }

    @Command(name = "get", description = "Show configs with their value and source.", mixinStandardHelpOptions = true)
    static final class Get extends ResourceCall {
        @Parameters(index = "2..*", paramLabel = "KEY", description = "Only these keys (default: all).") List<String> keys = new ArrayList<>();
        @Option(names = "--changed", description = "Only configs that differ from the default.") boolean changed;

        @Override
        int run(Admin admin) throws Exception {
            ConfigResource resource = resource(admin);
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            List<Map<String, Object>> entries = new ArrayList<>();
            List<List<String>> rows = new ArrayList<>();
            List<ConfigEntry> sorted = new ArrayList<>(config.entries());
            sorted.sort(Comparator.comparing(ConfigEntry::name));
            for (ConfigEntry e : sorted) {
                if ((!keys.isEmpty() && !keys.contains(e.name())) || (changed && e.source() == ConfigEntry.ConfigSource.DEFAULT_CONFIG)) {
                    continue;
                }
                String value = e.isSensitive() ? "(sensitive)" : e.value();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", e.name());
                m.put("value", value);
                m.put("source", e.source().name());
                m.put("readOnly", e.isReadOnly());
                m.put("sensitive", e.isSensitive());
                entries.add(m);
                rows.add(List.of(e.name(), value == null ? "" : value, e.source().name()));
            }
            for (String key : keys) {
                if (entries.stream().noneMatch(m -> key.equals(m.get("name")))) {
                    throw new CliException("No config '" + key + "' on " + kind + " " + name + ".");
                }
            }
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("resource", Json.obj("type", kind.name(), "name", name));
            value.put("configs", entries);
            printer().print(value, List.of(new Table(null, List.of("NAME", "VALUE", "SOURCE"), rows)));
            return 0;
        }
    }

    @Command(name = "set", description = "Set configs (others stay as they are).", mixinStandardHelpOptions = true)
    static final class Set extends ResourceCall {
        @Parameters(index = "2..*", arity = "1..*", paramLabel = "KEY=VALUE") List<String> pairs;

        @Override
        int run(Admin admin) throws Exception {
            alter(admin, printer(), resource(admin), Args.keyValues(pairs), List.of());
            return 0;
        }
    }

    @Command(name = "delete", description = "Remove config overrides, back to the default.", mixinStandardHelpOptions = true)
    static final class Delete extends ResourceCall {
        @Parameters(index = "2..*", arity = "1..*", paramLabel = "KEY") List<String> keys;

        @Override
        int run(Admin admin) throws Exception {
            alter(admin, printer(), resource(admin), Map.of(), keys);
            return 0;
        }
    }

    /** One IncrementalAlterConfigs call: SET for {@code set}, DELETE for {@code delete}. */
    static void alter(Admin admin, Printer printer, ConfigResource resource, Map<String, String> set, Collection<String> delete) throws Exception {
        if (set.isEmpty() && delete.isEmpty()) {
            throw new CliException("Nothing to change: give at least one config to set or delete.");
        }
        List<AlterConfigOp> ops = new ArrayList<>();
        set.forEach((k, v) -> ops.add(new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET)));
        delete.forEach(k -> ops.add(new AlterConfigOp(new ConfigEntry(k, null), AlterConfigOp.OpType.DELETE)));
        admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get();
        String kind = resource.type() == ConfigResource.Type.TOPIC ? "topic" : "broker";
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("resource", Json.obj("type", kind, "name", resource.name()));
        value.put("set", set);
        value.put("deleted", List.copyOf(delete));
        printer.message(value, "Updated " + kind + " " + resource.name() + ": "
                + String.join(", ", ops.stream().map(o -> o.opType() == AlterConfigOp.OpType.SET
                        ? o.configEntry().name() + "=" + o.configEntry().value() : "-" + o.configEntry().name()).toList()));
    }
}
