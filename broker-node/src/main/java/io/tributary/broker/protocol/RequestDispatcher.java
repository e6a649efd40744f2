package io.tributary.broker.protocol;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;

/**
 * Routes requests to their {@link ApiHandler} by api key, and is the single source of truth for
 * what the broker advertises in ApiVersions: only registered APIs, only at registered versions.
 * Registration happens before the server starts; lookups are then read-only and thread-safe.
 */
public final class RequestDispatcher {

    private record Registration(short minVersion, short maxVersion, ApiHandler handler) {
    }

    private final Map<ApiKeys, Registration> registrations = new EnumMap<>(ApiKeys.class);

    /**
     * Registers {@code handler} for {@code key} at versions {@code minVersion..maxVersion}, capped
     * to what the pinned kafka-clients can parse.
     */
    public RequestDispatcher register(ApiKeys key, int minVersion, int maxVersion, ApiHandler handler) {
        short min = (short) Math.max(minVersion, key == ApiKeys.PRODUCE ? 0 : key.oldestVersion());
        short max = (short) Math.min(maxVersion, key.latestVersion());
        if (min > max) {
            throw new IllegalArgumentException("empty version range for " + key + ": " + minVersion + ".." + maxVersion);
        }
        registrations.put(key, new Registration(min, max, handler));
        return this;
    }

    /** Whether a request for this key and version can be served. */
    public boolean supports(ApiKeys key, short version) {
        Registration r = registrations.get(key);
        // Produce is advertised from v0 for librdkafka (KAFKA-18659), but kafka-clients parses only 3+.
        short parseable = key.oldestVersion();
        return r != null && version >= Math.max(r.minVersion, parseable) && version <= r.maxVersion;
    }

    /** The versions to advertise, one entry per registered key. */
    public Map<ApiKeys, ApiVersion> advertised() {
        Map<ApiKeys, ApiVersion> out = new EnumMap<>(ApiKeys.class);
        registrations.forEach((key, r) -> out.put(key, new ApiVersion()
                .setApiKey(key.id).setMinVersion(r.minVersion).setMaxVersion(r.maxVersion)));
        return Collections.unmodifiableMap(out);
    }

    /** Hands the request to its handler; a handler that throws fails the future instead. */
    public CompletableFuture<AbstractResponse> dispatch(KafkaRequest request) {
        Registration r = registrations.get(request.apiKey());
        if (r == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no handler for " + request.apiKey()));
        }
        try {
            CompletableFuture<AbstractResponse> f = r.handler.handle(request);
            return f != null ? f : CompletableFuture.failedFuture(new IllegalStateException("handler returned null future"));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
