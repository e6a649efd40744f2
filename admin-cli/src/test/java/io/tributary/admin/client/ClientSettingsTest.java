package io.tributary.admin.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientSettingsTest {
    @TempDir Path dir;

    private Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void shouldPreferTheFlagThenTheEnvironmentThenTheConfigFileThenTheLocalCluster() throws Exception {
        Path config = file("client.properties", "bootstrap.servers=fromfile:9092\nsecurity.protocol=SSL\n");
        Path local = file("bootstrap.servers", "fromlocal:9092\n");
        Map<String, String> env = Map.of("TRIBUTARY_BOOTSTRAP", "fromenv:9092");
        Duration t = Duration.ofSeconds(3);
        assertThat(ClientSettings.resolve("flag:9092", env, config, local, t).bootstrap()).isEqualTo("flag:9092");
        assertThat(ClientSettings.resolve(null, env, config, local, t).bootstrap()).isEqualTo("fromenv:9092");
        assertThat(ClientSettings.resolve(null, Map.of(), config, local, t).bootstrap()).isEqualTo("fromfile:9092");
        assertThat(ClientSettings.resolve(null, Map.of(), null, local, t).bootstrap()).isEqualTo("fromlocal:9092");
        assertThatThrownBy(() -> ClientSettings.resolve(null, Map.of(), null, dir.resolve("absent"), t))
                .hasMessageStartingWith("No cluster given: use --bootstrap-server");
    }

    @Test
    void shouldBoundEveryClientTimeoutAndPassConfigFileSettingsThrough() throws Exception {
        Path config = file("client.properties", "security.protocol=SSL\n");
        ClientSettings s = ClientSettings.resolve("h:1", Map.of(), config, null, Duration.ofSeconds(4));
        assertThat(s.admin()).containsEntry("default.api.timeout.ms", "4000").containsEntry("request.timeout.ms", "4000")
                .containsEntry("security.protocol", "SSL").containsEntry("bootstrap.servers", "h:1");
        assertThat(s.producer()).containsEntry("max.block.ms", "4000").containsEntry("delivery.timeout.ms", "4005");
        assertThat(s.consumer()).containsEntry("default.api.timeout.ms", "4000").containsEntry("enable.auto.commit", "false")
                .containsEntry("allow.auto.create.topics", "false");
    }

    @Test
    void shouldBuildClientsKafkaAccepts() {
        ClientSettings s = ClientSettings.resolve("127.0.0.1:1", Map.of(), null, null, Duration.ofSeconds(1));
        new org.apache.kafka.clients.producer.ProducerConfig(withSerializers(s.producer(), "serializer"));
        new org.apache.kafka.clients.consumer.ConsumerConfig(withSerializers(s.consumer(), "deserializer"));
        new org.apache.kafka.clients.admin.AdminClientConfig(s.admin());
    }

    private static java.util.Properties withSerializers(java.util.Properties p, String kind) {
        String cls = kind.equals("serializer") ? org.apache.kafka.common.serialization.ByteArraySerializer.class.getName()
                : org.apache.kafka.common.serialization.ByteArrayDeserializer.class.getName();
        p.put("key." + kind, cls);
        p.put("value." + kind, cls);
        return p;
    }

    @Test
    void shouldNameAnUnreadableConfigFile() {
        assertThatThrownBy(() -> ClientSettings.resolve("h:1", Map.of(), dir.resolve("missing.properties"), null, Duration.ofSeconds(1)))
                .hasMessageContaining("Cannot read the client config file").hasMessageContaining("missing.properties");
    }
}
