package io.tributary.metadata.quorum;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A tiny deterministic {@link ReplicatedState} for quorum tests: entries are {@code key=value}
 * strings, the reply is the previous value. The entry {@code boom} breaks an invariant. Applied on
 * the Ratis apply thread and read by test threads, hence synchronized.
 */
final class KeyValueState implements ReplicatedState {

    static final String POISON = "boom";

    private final TreeMap<String, String> values = new TreeMap<>();
    private long lastIndex = -1;
    private int snapshotsLoaded;

    @Override
    public synchronized byte[] apply(long index, byte[] entry) {
        if (index <= lastIndex) {
            throw new IllegalStateException("index went backwards: " + index + " after " + lastIndex);
        }
        String text = new String(entry, StandardCharsets.UTF_8);
        if (text.equals(POISON)) {
            throw new IllegalStateException("poison entry at " + index);
        }
        int eq = text.indexOf('=');
        String previous = values.put(text.substring(0, eq), text.substring(eq + 1));
        lastIndex = index;
        return previous == null ? new byte[0] : previous.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void writeSnapshot(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeLong(lastIndex);
        data.writeInt(values.size());
        for (Map.Entry<String, String> e : values.entrySet()) {
            data.writeUTF(e.getKey());
            data.writeUTF(e.getValue());
        }
        data.flush();
    }

    @Override
    public synchronized void loadSnapshot(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        long index = data.readLong();
        int size = data.readInt();
        TreeMap<String, String> loaded = new TreeMap<>();
        for (int i = 0; i < size; i++) {
            loaded.put(data.readUTF(), data.readUTF());
        }
        values.clear();
        values.putAll(loaded);
        lastIndex = index;
        snapshotsLoaded++;
    }

    synchronized Map<String, String> values() {
        return new TreeMap<>(values);
    }

    synchronized int snapshotsLoaded() {
        return snapshotsLoaded;
    }
}
