package io.tributary.admin.local;

/**
 * One node of a local cluster as recorded in {@code cluster.json}.
 *
 * @param id the node id ({@code node.id})
 * @param host the loopback address the node binds (its own, so faults can target single links)
 * @param kafkaPort the Kafka-protocol port
 * @param raftPort the metadata quorum's port
 * @param dir the node's directory (config, data, log)
 * @param pid the process id, or -1 when not running
 */
public record LocalNode(int id, String host, int kafkaPort, int raftPort, String dir, long pid) {

    public String bootstrap() {
        return host + ":" + kafkaPort;
    }

    public LocalNode withPid(long newPid) {
        return new LocalNode(id, host, kafkaPort, raftPort, dir, newPid);
    }
}
