package io.tributary.broker.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NetworkConfigTest {
    private static NetworkConfig config(Map<String, String> props) {
        return NetworkConfig.of("127.0.0.1", 0, props);
    }

    @Test
    void shouldUseKafkasSendBufferAndTheOsReceiveBufferByDefault() {
        NetworkConfig c = config(Map.of());
        assertThat(c.sendBufferBytes()).isEqualTo(102_400);
        assertThat(c.receiveBufferBytes()).isEqualTo(NetworkConfig.OS_DEFAULT_BUFFER);
    }

    @Test
    void shouldTakeSocketBufferSizesAndMinusOneForTheOsDefault() {
        NetworkConfig c = config(Map.of(NetworkConfig.SOCKET_SEND_BUFFER_BYTES, " -1 ",
                NetworkConfig.SOCKET_RECEIVE_BUFFER_BYTES, "65536"));
        assertThat(c.sendBufferBytes()).isEqualTo(NetworkConfig.OS_DEFAULT_BUFFER);
        assertThat(c.receiveBufferBytes()).isEqualTo(65_536);
    }

    @Test
    void shouldRejectSocketBufferSizesThatAreNeitherPositiveNorMinusOne() {
        for (String bad : new String[] {"0", "-2", "lots", "3000000000"}) {
            assertThatThrownBy(() -> config(Map.of(NetworkConfig.SOCKET_SEND_BUFFER_BYTES, bad)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(NetworkConfig.SOCKET_SEND_BUFFER_BYTES);
        }
        assertThatThrownBy(() -> config(Map.of(NetworkConfig.SOCKET_RECEIVE_BUFFER_BYTES, "0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(NetworkConfig.SOCKET_RECEIVE_BUFFER_BYTES);
    }
}
