package org.callorchestrator.worker.retry;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.callorchestrator.worker.WorkerSettings;
import org.callorchestrator.worker.metrics.WorkerMetrics;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class VobizOutageTest {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final VobizOutage outage = new VobizOutage(
			new Binder(new MapConfigurationPropertySource(Map.of("worker.outage.probe-after", "300ms")))
				.bindOrCreate("worker", WorkerSettings.class),
			new WorkerMetrics(this.registry));

	@Test
	void startsWhenMostRequestsAreNotAppliedAndHoldsRequestsUntilTheProbeIsDue() throws Exception {
		long beforeTheOutage = System.nanoTime();
		for (int i = 0; i < 10; i++) {
			this.outage.record("NotApplied", Duration.ofMillis(5));
		}
		assertThat(this.outage.ongoing()).isTrue();
		assertThat(this.outage.holdsConsumption()).isTrue();
		assertThat(this.registry.get("callworker.vobiz.outage").gauge().value()).isEqualTo(1.0);
		CompletableFuture<Void> request = CompletableFuture.runAsync(this.outage::awaitPermission);
		request.get(5, TimeUnit.SECONDS);
		assertThat(Duration.ofNanos(System.nanoTime() - beforeTheOutage))
			.as("held until the probe, probe-after (300 ms) after the outage started")
			.isGreaterThanOrEqualTo(Duration.ofMillis(300));
		assertThat(this.outage.holdsConsumption()).as("probing: consumption resumes").isFalse();
	}

	@Test
	void endsWhenThreeProbesAreApplied() throws Exception {
		for (int i = 0; i < 10; i++) {
			this.outage.record("NotApplied", Duration.ofMillis(5));
		}
		for (int i = 0; i < 3; i++) {
			this.outage.awaitPermission();
			this.outage.record("Success", Duration.ofMillis(5));
		}
		assertThat(this.outage.ongoing()).isFalse();
	}

	@Test
	void isNoOutageWhenVobizAnswersEvenWithErrors() {
		for (int i = 0; i < 20; i++) {
			this.outage.record((i % 2 == 0) ? "Rejected" : "RateLimited", Duration.ofMillis(5));
		}
		assertThat(this.outage.ongoing()).isFalse();
	}

}
