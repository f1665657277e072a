package org.callorchestrator.ingress.delivery;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.callorchestrator.compacted.CompactedTopicView;
import org.callorchestrator.ingress.IngressSettings;
import org.callorchestrator.ingress.metrics.IngressMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Delivery ids already published, shared by every instance and surviving restarts: a
 * compacted topic keyed by the delivery's {@code event_id}, mirrored in memory by a
 * {@link CompactedTopicView}. A delivery is remembered only after its observations were
 * acknowledged by Kafka: at once in this instance's view, and by a marker sent without
 * waiting for its acknowledgement (waiting would double the time to answer Vobiz). A
 * marker lost to a crash or a broker failure costs at most one republication of the
 * delivery's observations on a later redelivery — harmless, since their event ids are
 * derived from the delivery's and call-state publishes each status of a call once; it
 * never costs an observation.
 */
@Component
public class SeenDeliveries implements InitializingBean, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(SeenDeliveries.class);

	private final CompactedTopicView<Instant> seen;

	private final String topic;

	private final KafkaTemplate<String, byte[]> template;

	private final Clock clock;

	private final IngressMetrics metrics;

	public SeenDeliveries(IngressSettings settings, ConsumerFactory<?, ?> consumers,
			KafkaTemplate<String, byte[]> template, IngressMetrics metrics, Clock clock) {
		this.metrics = metrics;
		this.topic = settings.dedup().topic();
		this.template = template;
		this.clock = clock;
		this.seen = new CompactedTopicView<>(this.topic, consumers.getConfigurationProperties(),
				(key, bytes) -> decode(bytes), at -> at,
				(current, incoming) -> current.isBefore(incoming) ? current : incoming, settings.dedup().retention(),
				clock);
	}

	/**
	 * A marker is the delivery's time, 8 bytes (epoch millis); anything else is not a
	 * marker (skipped by the view).
	 */
	private static Instant decode(byte[] bytes) {
		if (bytes.length != 8) {
			throw new IllegalArgumentException("Not a delivery marker: " + bytes.length + " bytes");
		}
		return Instant.ofEpochMilli(ByteBuffer.wrap(bytes).getLong());
	}

	@Override
	public void afterPropertiesSet() {
		this.seen.start(Duration.ofSeconds(60));
	}

	public boolean contains(String eventId) {
		return this.seen.get(eventId).isPresent();
	}

	/**
	 * Remembers a delivery whose observations Kafka acknowledged: at once on this
	 * instance, and for every instance and restart through a marker whose acknowledgement
	 * is not awaited (a failed marker is logged and counted).
	 */
	public void remember(String eventId) {
		Instant now = this.clock.instant();
		this.seen.put(eventId, now);
		try {
			this.template
				.send(new ProducerRecord<>(this.topic, eventId,
						ByteBuffer.allocate(8).putLong(now.toEpochMilli()).array()))
				.whenComplete((result, failure) -> {
					if (failure != null) {
						markerLost(eventId, failure);
					}
				});
		}
		catch (RuntimeException ex) {
			markerLost(eventId, ex);
		}
	}

	private void markerLost(String eventId, Throwable failure) {
		this.metrics.markerLost();
		log.warn("Dedup marker of delivery {} not written ({}): a redelivery elsewhere would republish its "
				+ "observations with the same event ids", eventId, failure.toString());
	}

	/** Records of its topic skipped because they could not be read (never fatal). */
	public long skipped() {
		return this.seen.skipped();
	}

	/** Calls {@code listener} when its reading loop stops other than by a close. */
	public void whenStopped(Consumer<Throwable> listener) {
		this.seen.whenStopped(listener);
	}

	@Override
	public void destroy() {
		this.seen.close();
	}

}
