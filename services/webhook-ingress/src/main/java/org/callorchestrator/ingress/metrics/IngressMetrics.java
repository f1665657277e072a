package org.callorchestrator.ingress.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * The ingress's meters (Prometheus names in brackets):
 * <ul>
 * <li>{@code ingress.deliveries{outcome}} ({@code ingress_deliveries_total}) — published,
 * duplicate, bad_signature (the signature failures), too_large, malformed, unavailable,
 * ignored (no call facts)</li>
 * <li>{@code ingress.publish} ({@code ingress_publish_seconds}) — verified delivery to
 * Kafka's acknowledgement of its observations, with p50/p99</li>
 * <li>{@code ingress.mapping{result}} — known, logged (from {@code call.logs}),
 * looked_up, unknown</li>
 * <li>{@code ingress.events{status}} — observations published by status</li>
 * <li>{@code ingress.markers.lost} — dedup markers Kafka did not take (each may cost one
 * harmless republication)</li>
 * </ul>
 * Counters are created once per tag value and cached: this sits on the hot path of every
 * delivery. Thread-safe.
 */
@Component
public class IngressMetrics {

	private final MeterRegistry registry;

	private final Timer publish;

	private final Counter markersLost;

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	public IngressMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.publish = Timer.builder("ingress.publish")
			.description("Verified delivery to Kafka's acknowledgement of its observations")
			.publishPercentiles(0.5, 0.99)
			.register(registry);
		this.markersLost = Counter.builder("ingress.markers.lost")
			.description("Dedup markers Kafka did not acknowledge")
			.register(registry);
	}

	public void delivery(String outcome) {
		count("ingress.deliveries", "outcome", outcome);
	}

	public void mapping(String result) {
		count("ingress.mapping", "result", result);
	}

	public void event(String status) {
		count("ingress.events", "status", status);
	}

	public void published(Duration latency) {
		this.publish.record(latency);
	}

	public void markerLost() {
		this.markersLost.increment();
	}

	private void count(String name, String tag, String value) {
		this.counters
			.computeIfAbsent(name + '\u0000' + value,
					k -> Counter.builder(name).tag(tag, value).register(this.registry))
			.increment();
	}

}
