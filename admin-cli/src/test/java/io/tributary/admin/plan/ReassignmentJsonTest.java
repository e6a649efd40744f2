package io.tributary.admin.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ReassignmentJsonTest {
    @Test
    void shouldReadKafkasReassignmentFileWithLogDirs() {
        Map<TopicPartition, List<Integer>> m = ReassignmentJson.parse("""
                {"version":1,"partitions":[
                  {"topic":"orders","partition":1,"replicas":[3,1],"log_dirs":["any","any"]},
                  {"topic":"orders","partition":0,"replicas":[2]}]}""");
        assertThat(m).containsExactly(Map.entry(new TopicPartition("orders", 1), List.of(3, 1)), Map.entry(new TopicPartition("orders", 0), List.of(2)));
    }

    @Test
    void shouldWriteWhatItReads() {
        Map<TopicPartition, List<Integer>> m = Map.of(new TopicPartition("t", 2), List.of(1, 2));
        String json = ReassignmentJson.write(m);
        assertThat(json).isEqualTo("{\"version\":1,\"partitions\":[{\"topic\":\"t\",\"partition\":2,\"replicas\":[1,2],\"log_dirs\":[\"any\",\"any\"]}]}");
        assertThat(ReassignmentJson.parse(json)).isEqualTo(m);
    }

    @Test
    void shouldSayWhatIsWrongWhenTheFileIsMalformed() {
        assertThatThrownBy(() -> ReassignmentJson.parse("{")).hasMessageStartingWith("The reassignment file is not valid JSON");
        assertThatThrownBy(() -> ReassignmentJson.parse("[]")).hasMessageContaining("must hold a JSON object");
        assertThatThrownBy(() -> ReassignmentJson.parse("{\"version\":2,\"partitions\":[]}")).hasMessageContaining("version 2");
        assertThatThrownBy(() -> ReassignmentJson.parse("{\"version\":1}")).hasMessageContaining("no \"partitions\" array");
        assertThatThrownBy(() -> ReassignmentJson.parse("{\"partitions\":[{\"partition\":0,\"replicas\":[1]}]}"))
                .hasMessage("partitions[0] has no \"topic\"");
        assertThatThrownBy(() -> ReassignmentJson.parse("{\"partitions\":[{\"topic\":\"t\",\"partition\":-1,\"replicas\":[1]}]}"))
                .hasMessage("partitions[0] has no valid \"partition\"");
        assertThatThrownBy(() -> ReassignmentJson.parse("{\"partitions\":[{\"topic\":\"t\",\"partition\":0,\"replicas\":[]}]}"))
                .hasMessage("partitions[0] has no \"replicas\" list");
        assertThatThrownBy(() -> ReassignmentJson.parse("{\"partitions\":[{\"topic\":\"t\",\"partition\":0,\"replicas\":[1,1]}]}"))
                .hasMessage("partitions[0] lists broker 1 twice");
        assertThatThrownBy(() -> ReassignmentJson.parse("{\"partitions\":[{\"topic\":\"t\",\"partition\":0,\"replicas\":[\"x\"]}]}"))
                .hasMessageContaining("not a broker id");
        assertThatThrownBy(() -> ReassignmentJson.parse(
                "{\"partitions\":[{\"topic\":\"t\",\"partition\":0,\"replicas\":[1]},{\"topic\":\"t\",\"partition\":0,\"replicas\":[2]}]}"))
                .hasMessage("partitions[1] repeats t-0");
    }
}
