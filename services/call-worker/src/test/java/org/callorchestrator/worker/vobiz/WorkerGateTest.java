package org.callorchestrator.worker.vobiz;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.callorchestrator.vobiz.VobizRequestGate;
import org.callorchestrator.worker.WorkerSettings;
import org.callorchestrator.worker.metrics.WorkerMetrics;
import org.callorchestrator.worker.retry.VobizOutage;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * A command's request passes the outage hold and the rate limit only up to its deadline,
 * and holds nothing after.
 */
class WorkerGateTest {

	private final WorkerMetrics metrics = new WorkerMetrics(new SimpleMeterRegistry());

	private final VobizOutage outage = new VobizOutage(
			new Binder(new MapConfigurationPropertySource(Map.of("worker.outage.probe-after", "300ms")))
				.bindOrCreate("worker", WorkerSettings.class),
			this.metrics);

	@Test
	void stopsHoldingARequestWhoseDeadlinePassesDuringAnOutage() {
		startOutage();
		WorkerGate gate = new WorkerGate(this.outage, VobizRequestGate.OPEN, Clock.systemUTC());
		long started = System.nanoTime();
		assertThat(gate.beforeSend("initiate", Instant.now().plusMillis(100))).isFalse();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("given up at its deadline, before the probe")
			.isLessThan(Duration.ofMillis(290));
	}

	@Test
	void givesBackTheProbeOfARequestTheRateLimitRefused() throws Exception {
		startOutage();
		// the outage turns to probing after its probe-after (300 ms)
		await().atMost(Duration.ofSeconds(5)).until(() -> !this.outage.holdsConsumption());
		VobizRequestGate slow = new VobizRequestGate() {
			@Override
			public void beforeSend(String endpoint) {
			}

			@Override
			public boolean beforeSend(String endpoint, Instant sendBy) {
				return false;
			}
		};
		WorkerGate refusing = new WorkerGate(this.outage, slow, Clock.systemUTC());
		for (int i = 0; i < 5; i++) {
			assertThat(refusing.beforeSend("initiate", Instant.now().plusSeconds(5))).isFalse();
		}
		WorkerGate open = new WorkerGate(this.outage, VobizRequestGate.OPEN, Clock.systemUTC());
		for (int i = 0; i < 3; i++) {
			assertThat(open.beforeSend("initiate", Instant.now().plusSeconds(5))).as("probe %d still available", i + 1)
				.isTrue();
			this.outage.record("Success", Duration.ofMillis(5));
		}
		assertThat(this.outage.ongoing()).as("three applied probes end the outage").isFalse();
	}

	@Test
	void givesBackTheProbeOfARequestNotSentAfterAll() throws Exception {
		startOutage();
		// the outage turns to probing after its probe-after (300 ms)
		await().atMost(Duration.ofSeconds(5)).until(() -> !this.outage.holdsConsumption());
		WorkerGate gate = new WorkerGate(this.outage, VobizRequestGate.OPEN, Clock.systemUTC());
		for (int i = 0; i < 3; i++) {
			assertThat(gate.beforeSend("initiate", Instant.now().plusSeconds(5))).isTrue();
			gate.notSent("initiate");
		}
		for (int i = 0; i < 3; i++) {
			assertThat(gate.beforeSend("initiate", Instant.now().plusSeconds(5))).isTrue();
			this.outage.record("Success", Duration.ofMillis(5));
		}
		assertThat(this.outage.ongoing()).isFalse();
	}

	@Test
	void letsARequestWithinItsDeadlineThrough() {
		WorkerGate gate = new WorkerGate(this.outage, VobizRequestGate.OPEN, Clock.systemUTC());
		assertThat(gate.beforeSend("initiate", Instant.now().plusSeconds(5))).isTrue();
	}

	private void startOutage() {
		for (int i = 0; i < 10; i++) {
			this.outage.record("NotApplied", Duration.ofMillis(5));
		}
		assertThat(this.outage.ongoing()).isTrue();
	}

}
