package io.tributary.broker.api;

import io.tributary.broker.protocol.ApiHandler;
import io.tributary.broker.protocol.KafkaRequest;
import io.tributary.metadata.controller.rpc.ControllerRequest;
import io.tributary.metadata.controller.rpc.ControllerResponse;
import io.tributary.metadata.image.MetadataImage;
import io.tributary.metadata.image.TopicImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DeleteTopicsRequest;
import org.apache.kafka.common.requests.DeleteTopicsResponse;

/**
 * DeleteTopics (key 20): by name, or by topic id (v6). Forwarded to the active controller; every
 * broker then stops serving the topic's partitions and deletes their logs.
 */
public final class DeleteTopicsApi implements ApiHandler {
    private final ControllerGateway controller;
    private final Supplier<MetadataImage> image;

    public DeleteTopicsApi(ControllerGateway controller, Supplier<MetadataImage> image) {
        this.controller = controller;
        this.image = image;
    }

    /** One requested topic, resolved against the image. */
    private record Wanted(String name, Uuid id, Errors error) {
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(KafkaRequest request) {
        DeleteTopicsRequestData body = request.bodyAs(DeleteTopicsRequest.class).data();
        MetadataImage img = image.get();
        List<Wanted> wanted = new ArrayList<>();
        if (request.apiVersion() >= 6) {
            for (DeleteTopicsRequestData.DeleteTopicState t : body.topics()) {
                if (t.name() != null) {
                    wanted.add(new Wanted(t.name(), img.topic(t.name()).map(TopicImage::id).orElse(Uuid.ZERO_UUID), Errors.NONE));
                } else {
                    Optional<TopicImage> found = img.topic(t.topicId());
                    wanted.add(found.map(ti -> new Wanted(ti.name(), ti.id(), Errors.NONE))
                            .orElse(new Wanted(null, t.topicId(), Errors.UNKNOWN_TOPIC_ID)));
                }
            }
        } else {
            body.topicNames().forEach(n -> wanted.add(new Wanted(n, img.topic(n).map(TopicImage::id).orElse(Uuid.ZERO_UUID), Errors.NONE)));
        }
        List<String> names = wanted.stream().filter(w -> w.error() == Errors.NONE).map(Wanted::name).distinct().toList();
        CompletableFuture<ControllerResponse.DeleteTopics> answered = names.isEmpty()
                ? CompletableFuture.completedFuture(new ControllerResponse.DeleteTopics(List.of()))
                : controller.call(new ControllerRequest.DeleteTopics(names), ControllerResponse.DeleteTopics.class);
        return answered.thenApply(response -> {
            Map<String, ControllerResponse.TopicError> byName = new HashMap<>();
            response.topics().forEach(r -> byName.put(r.name(), r));
            DeleteTopicsResponseData data = new DeleteTopicsResponseData();
            for (Wanted w : wanted) {
                DeletableTopicResult r = new DeletableTopicResult().setName(w.name()).setTopicId(w.id());
                if (w.error() != Errors.NONE) {
                    r.setErrorCode(w.error().code());
                } else {
                    ControllerResponse.TopicError e = byName.get(w.name());
                    r.setErrorCode(e == null ? Errors.UNKNOWN_SERVER_ERROR.code() : e.errorCode())
                            .setErrorMessage(e == null ? "The controller did not answer for this topic" : e.errorMessage());
                }
                if (data.responses().find(r.name()) == null || r.name() == null) {
                    data.responses().add(r);
                }
            }
            return new DeleteTopicsResponse(data);
        });
    }
}
