package io.tributary.broker.protocol;

import java.net.InetSocketAddress;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * One decoded request. The body may reference the connection's receive buffer (produce records
 * do), which stays valid until the handler's future completes.
 *
 * @param header the request header (api key, version, correlation id, client id)
 * @param body the parsed request
 * @param clientAddress the peer's address
 * @param receivedNanos when the frame was decoded ({@code System.nanoTime()}), for timeouts and metrics
 */
public record KafkaRequest(RequestHeader header, AbstractRequest body, InetSocketAddress clientAddress, long receivedNanos) {

    public ApiKeys apiKey() {
        return header.apiKey();
    }

    public short apiVersion() {
        return header.apiVersion();
    }

    /** The client id from the header, "" when absent. */
    public String clientId() {
        return header.clientId() == null ? "" : header.clientId();
    }

    /** The client's address as Kafka shows it in group descriptions ("/127.0.0.1"), "" when unknown. */
    public String clientHost() {
        return clientAddress == null ? "" : clientAddress.getAddress().toString();
    }

    @SuppressWarnings("unchecked")
    public <T extends AbstractRequest> T bodyAs(Class<T> type) {
        return (T) type.cast(body);
    }
}
