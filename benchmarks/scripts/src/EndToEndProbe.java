import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * End-to-end latency, produce -> consume, at a fixed rate: each record carries its send time
 * (System.nanoTime, same JVM), a consumer assigned to the partition reads it back; prints
 * microsecond percentiles over the records after a warm-up tenth.
 * Args: bootstrap topic count ratePerSec acks recordBytes
 */
public class EndToEndProbe {
  public static void main(String[] a) throws Exception {
    String bs = a[0], topic = a[1], acks = a[4];
    int count = Integer.parseInt(a[2]), rate = Integer.parseInt(a[3]), size = Integer.parseInt(a[5]);
    Properties pp = new Properties();
    pp.put("bootstrap.servers", bs); pp.put("acks", acks); pp.put("linger.ms", "0");
    pp.put("key.serializer", ByteArraySerializer.class.getName()); pp.put("value.serializer", ByteArraySerializer.class.getName());
    Properties cp = new Properties();
    cp.put("bootstrap.servers", bs); cp.put("fetch.max.wait.ms", "500"); cp.put("enable.auto.commit", "false");
    cp.put("key.deserializer", ByteArrayDeserializer.class.getName()); cp.put("value.deserializer", ByteArrayDeserializer.class.getName());
    long[] lat = new long[count];
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(pp); KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cp)) {
      TopicPartition tp = new TopicPartition(topic, 0);
      producer.send(new ProducerRecord<>(topic, 0, null, new byte[size])).get(60, TimeUnit.SECONDS); // topic ready, connections up
      consumer.assign(List.of(tp));
      consumer.seekToEnd(List.of(tp));
      consumer.position(tp);
      int[] received = {0};
      Thread reader = new Thread(() -> {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (received[0] < count && System.nanoTime() < deadline) {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
            long sent = ByteBuffer.wrap(r.value()).getLong();
            if (received[0] < count) lat[received[0]++] = (System.nanoTime() - sent) / 1000;
          }
        }
      });
      reader.start();
      long intervalNs = 1_000_000_000L / rate, next = System.nanoTime();
      for (int i = 0; i < count; i++) {
        while (System.nanoTime() < next) Thread.onSpinWait();
        byte[] v = new byte[size];
        ByteBuffer.wrap(v).putLong(System.nanoTime());
        producer.send(new ProducerRecord<>(topic, 0, null, v));
        next += intervalNs;
      }
      producer.flush();
      reader.join(130_000);
      int n = received[0], skip = n / 10;
      if (n - skip <= 0) { System.out.println("E2E failed received=" + n); System.exit(1); }
      long[] s = Arrays.copyOfRange(lat, skip, n);
      Arrays.sort(s);
      System.out.printf("E2E records=%d p50_ms=%.3f p99_ms=%.3f p99.9_ms=%.3f max_ms=%.3f%n", s.length,
          s[(int) (s.length * 0.50)] / 1000.0, s[(int) (s.length * 0.99)] / 1000.0, s[Math.min(s.length - 1, (int) (s.length * 0.999))] / 1000.0, s[s.length - 1] / 1000.0);
    }
  }
}
