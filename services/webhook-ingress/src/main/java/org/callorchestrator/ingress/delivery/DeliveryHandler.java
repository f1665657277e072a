package org.callorchestrator.ingress.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serializer;
import org.callorchestrator.ingress.IngressSettings;
import org.callorchestrator.ingress.mapping.CallIdResolver;
import org.callorchestrator.ingress.mapping.CallRef;
import org.callorchestrator.ingress.metrics.IngressMetrics;
import org.callorchestrator.ingress.parsing.CallSignal;
import org.callorchestrator.ingress.parsing.Delivery;
import org.callorchestrator.ingress.publish.CallEventMapper;
import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes a verified, parsed delivery exactly once as far as consumers can tell: a
 * delivery id seen before is acknowledged without publishing; otherwise its observations
 * are sent to the ingress's internal topic {@link Topics#WEBHOOK_OBSERVATIONS} (acks=all,
 * idempotent producer; call-state turns them into the transitions of {@code call.events})
 * and, once Kafka acknowledged them all, the delivery id is remembered: at once on this
 * instance, and through a marker on the dedup topic that is written in the background
 * (the answer does not wait for it; see {@link SeenDeliveries}). Concurrent copies of one
 * delivery on this instance are serialised by a lock striped by event id; copies on two
 * instances at the same instant may both publish, with the same deterministic event ids.
 * Throws {@link PublishFailedException} when Kafka does not acknowledge within
 * {@code ingress.publish-timeout}: the caller answers 503, nothing is remembered, and
 * Vobiz's redelivery is published. Each observation carries the delivery's trace context
 * ({@link DeliveryTrace#headers}).
 */
@Component
public class DeliveryHandler {

	private static final Logger log = LoggerFactory.getLogger(DeliveryHandler.class);

	private final ReentrantLock[] stripes = new ReentrantLock[256];

	private final SeenDeliveries seen;

	private final CallIdResolver resolver;

	private final CallEventMapper mapper;

	private final KafkaTemplate<String, byte[]> template;

	private final Serializer<Object> serializer;

	private final Duration timeout;

	private final IngressMetrics metrics;

	private final DeliveryTrace trace;

	DeliveryHandler(SeenDeliveries seen, CallIdResolver resolver, CallEventMapper mapper,
			KafkaTemplate<String, byte[]> template, Serializer<Object> callEventSerializer, IngressSettings settings,
			IngressMetrics metrics, DeliveryTrace trace) {
		this.seen = seen;
		this.resolver = resolver;
		this.mapper = mapper;
		this.template = template;
		this.serializer = callEventSerializer;
		this.timeout = settings.publishTimeout();
		this.metrics = metrics;
		this.trace = trace;
		for (int i = 0; i < this.stripes.length; i++) {
			this.stripes[i] = new ReentrantLock();
		}
	}

	/**
	 * @return the outcome recorded in metrics: published, duplicate or ignored
	 */
	public String handle(Delivery delivery) {
		ReentrantLock lock = this.stripes[Math.floorMod(delivery.eventId().hashCode(), this.stripes.length)];
		lock.lock();
		try {
			if (this.seen.contains(delivery.eventId())) {
				return "duplicate";
			}
			long started = System.nanoTime();
			publish(delivery);
			this.metrics.published(Duration.ofNanos(System.nanoTime() - started));
			this.seen.remember(delivery.eventId());
			return delivery.signals().isEmpty() ? "ignored" : "published";
		}
		finally {
			lock.unlock();
		}
	}

	private void publish(Delivery delivery) {
		List<CompletableFuture<?>> acks = new ArrayList<>();
		List<String> statuses = new ArrayList<>();
		List<Header> trace = this.trace.headers();
		for (int i = 0; i < delivery.signals().size(); i++) {
			CallSignal signal = delivery.signals().get(i);
			Optional<CallRef> call = this.resolver.resolve(signal.wacid());
			CallEvent event = this.mapper.map(delivery, i, signal, call);
			String key = (event.getCallId() != null) ? event.getCallId() : signal.wacid();
			acks.add(send(() -> this.template.send(new ProducerRecord<>(Topics.WEBHOOK_OBSERVATIONS, null, key,
					this.serializer.serialize(Topics.WEBHOOK_OBSERVATIONS, event), trace))));
			statuses.add(String.valueOf(event.getStatus()));
		}
		await(acks);
		statuses.forEach(this.metrics::event);
	}

	/**
	 * A send that fails at once (no metadata within max.block.ms: the broker is away; the
	 * registry unreachable for a schema not yet cached) fails the delivery too, with 503.
	 */
	private static CompletableFuture<?> send(Supplier<CompletableFuture<?>> send) {
		try {
			return send.get();
		}
		// fully qualified: Kafka's and Spring's
		catch (KafkaException | org.springframework.kafka.KafkaException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	private void await(List<CompletableFuture<?>> acks) {
		try {
			CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
				.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PublishFailedException("Interrupted waiting for Kafka", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			log.warn("Kafka did not acknowledge a delivery's observations: {}", ex.toString());
			throw new PublishFailedException("Kafka did not acknowledge within " + this.timeout, ex);
		}
	}

}
