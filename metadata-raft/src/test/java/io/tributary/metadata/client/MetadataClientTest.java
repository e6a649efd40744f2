package io.tributary.metadata.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.metadata.controller.rpc.ControllerResponse;
import io.tributary.metadata.controller.rpc.ControllerRpcCodec;
import io.tributary.metadata.quorum.NotControllerException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

class MetadataClientTest {

    private final ManualScheduler scheduler = new ManualScheduler(0L);
    private final MetadataClientConfig config = new MetadataClientConfig(1_000L, 100L, 400L);
    private final AtomicInteger calls = new AtomicInteger();

    private static byte[] ok() {
        return ControllerRpcCodec.encode(new ControllerResponse.DeleteTopics(List.of(
                new ControllerResponse.TopicError("t", Errors.NONE.code(), null))));
    }

    @Test
    void shouldRetryOnAnotherAttemptWhenNoControllerTakesTheRequest() {
        MetadataClient client = new MetadataClient(request -> calls.incrementAndGet() < 3
                ? CompletableFuture.failedFuture(new NotControllerException("election in progress"))
                : CompletableFuture.completedFuture(ok()), scheduler, config);

        CompletableFuture<ControllerResponse.DeleteTopics> f = client.deleteTopics(List.of("t"));
        scheduler.advance(100);
        assertThat(f).isNotDone();
        scheduler.advance(200);

        assertThat(f).isCompleted();
        assertThat(f.join().topics().get(0).error()).isEqualTo(Errors.NONE);
        assertThat(calls.get()).isEqualTo(3);
    }

    @Test
    void shouldFailWithClearErrorWhenNoControllerAnswersInTime() {
        MetadataClient client = new MetadataClient(request -> {
            calls.incrementAndGet();
            return CompletableFuture.failedFuture(new NotControllerException("no leader"));
        }, scheduler, config);

        CompletableFuture<ControllerResponse.DeleteTopics> f = client.deleteTopics(List.of("t"));
        scheduler.advance(2_000);

        assertThat(f).isCompletedExceptionally();
        assertThat(f.handle((r, e) -> e).join())
                .isInstanceOf(ControllerUnavailableException.class)
                .hasMessageContaining("DeleteTopics").hasMessageContaining("1000 ms").hasMessageContaining("no leader");
        // Backoff 100, 200, 400, 400 within 1 s: a bounded number of attempts.
        assertThat(calls.get()).isBetween(3, 5);
    }

    @Test
    void shouldTimeOutWhenAnAttemptNeverAnswers() {
        MetadataClient client = new MetadataClient(request -> new CompletableFuture<>(), scheduler, config);

        CompletableFuture<ControllerResponse.DeleteTopics> f = client.deleteTopics(List.of("t"));
        scheduler.advance(999);
        assertThat(f).isNotDone();
        scheduler.advance(1);

        Throwable error = f.handle((r, e) -> e).join();
        assertThat(error).isInstanceOf(ControllerUnavailableException.class);
        // Clients get the retriable REQUEST_TIMED_OUT, not UNKNOWN_SERVER_ERROR.
        assertThat(org.apache.kafka.common.protocol.Errors.forException(error))
                .isEqualTo(org.apache.kafka.common.protocol.Errors.REQUEST_TIMED_OUT);
    }

    @Test
    void shouldNotRetryWhenErrorIsNotAboutControllerAvailability() {
        MetadataClient client = new MetadataClient(request -> {
            calls.incrementAndGet();
            return CompletableFuture.failedFuture(new IllegalArgumentException("malformed"));
        }, scheduler, config);

        CompletableFuture<ControllerResponse.DeleteTopics> f = client.deleteTopics(List.of("t"));

        assertThat(f.handle((r, e) -> e).join()).isInstanceOf(IllegalArgumentException.class);
        assertThat(calls.get()).isEqualTo(1);
    }
}
