package org.callorchestrator.ingress.metrics;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * <ul>
 * <li>{@code ingress.deliveries{outcome}} — published, duplicate, bad_signature, too_large, malformed, unavailable,
 * ignored (no call facts)</li>
 * <li>{@code ingress.publish} — time from a verified delivery to Kafka's acknowledgement</li>
 * <li>{@code ingress.mapping{result}} — known, looked_up, unknown</li>
 * <li>{@code ingress.events{status}} — events published by status</li>
 * </ul>
 */
@Component
public class IngressMetrics {

	private final MeterRegistry registry;

	private final Timer publish;

	public IngressMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.publish = Timer.builder("ingress.publish")
			.description("Verified delivery to Kafka acknowledgement")
			.publishPercentiles(0.5, 0.99)
			.register(registry);
	}

	public void delivery(String outcome) {
		Counter.builder("ingress.deliveries").tag("outcome", outcome).register(this.registry).increment();
	}

	public void mapping(String result) {
		Counter.builder("ingress.mapping").tag("result", result).register(this.registry).increment();
	}

	public void event(String status) {
		Counter.builder("ingress.events").tag("status", status).register(this.registry).increment();
	}

	public void published(Duration latency) {
		this.publish.record(latency);
	}

}
