package org.callorchestrator.ingress.delivery;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.callorchestrator.compacted.CompactedTopicView;
import org.callorchestrator.ingress.IngressSettings;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Delivery ids already published, shared by every instance and surviving restarts: a compacted topic keyed by the
 * delivery's {@code event_id}, mirrored in memory. A marker is written only after the delivery's events were
 * acknowledged, so a crash in between republishes them — harmless, since their event ids are derived from the
 * delivery's and consumers can drop the repeat.
 */
@Component
public class SeenDeliveries implements InitializingBean, DisposableBean {

	private final CompactedTopicView<Instant> seen;

	private final String topic;

	private final KafkaTemplate<String, byte[]> template;

	private final Clock clock;

	public SeenDeliveries(IngressSettings settings, KafkaProperties kafka, KafkaTemplate<String, byte[]> template,
			Clock clock) {
		this.topic = settings.dedup().topic();
		this.template = template;
		this.clock = clock;
		this.seen = new CompactedTopicView<>(this.topic, kafka.buildConsumerProperties(),
				(key, bytes) -> Instant.ofEpochMilli(ByteBuffer.wrap(bytes).getLong()), at -> at,
				(current, incoming) -> current.isBefore(incoming) ? current : incoming,
				settings.dedup().retention(), clock);
	}

	@Override
	public void afterPropertiesSet() {
		this.seen.start(Duration.ofSeconds(60));
	}

	public boolean contains(String eventId) {
		return this.seen.get(eventId).isPresent();
	}

	/**
	 * Writes the marker; the returned future completes when Kafka acknowledged it, and only then does this instance
	 * count the delivery as seen (a marker that never reached Kafka must not swallow Vobiz's redelivery).
	 */
	public CompletableFuture<SendResult<String, byte[]>> remember(String eventId) {
		Instant now = this.clock.instant();
		return this.template
			.send(new ProducerRecord<>(this.topic, eventId, ByteBuffer.allocate(8).putLong(now.toEpochMilli()).array()))
			.thenApply(result -> {
				this.seen.put(eventId, now);
				return result;
			});
	}

	@Override
	public void destroy() {
		this.seen.close();
	}

}
