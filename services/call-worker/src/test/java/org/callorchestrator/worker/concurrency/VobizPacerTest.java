package org.callorchestrator.worker.concurrency;

import java.time.Duration;
import java.time.Instant;

import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.callorchestrator.vobiz.VobizRequestGate;
import org.callorchestrator.worker.metrics.WorkerMetrics;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VobizPacerTest {

	@Test
	void doesNotPaceWhenNoRateIsSet() {
		assertThat(VobizPacer.of(0, new WorkerMetrics(new SimpleMeterRegistry()))).isSameAs(VobizRequestGate.OPEN);
	}

	@Test
	void spreadsAHighRateOverTenMillisecondSlices() {
		RateLimiterConfig config = VobizPacer.config(2000);
		assertThat(config.getLimitRefreshPeriod()).isEqualTo(Duration.ofMillis(10));
		assertThat(config.getLimitForPeriod()).isEqualTo(20);
	}

	@Test
	void givesALowRateOneRequestPerSlice() {
		RateLimiterConfig config = VobizPacer.config(5);
		assertThat(config.getLimitRefreshPeriod()).isEqualTo(Duration.ofMillis(200));
		assertThat(config.getLimitForPeriod()).isEqualTo(1);
	}

	@Test
	void holdsRequestsBeyondTheRateAndRecordsTheWait() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		VobizRequestGate gate = VobizPacer.of(20, new WorkerMetrics(registry));
		long started = System.nanoTime();
		for (int i = 0; i < 11; i++) {
			gate.beforeSend("initiate");
		}
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		assertThat(took).as("11 requests at 20/s need ten 50 ms slices").isGreaterThanOrEqualTo(Duration.ofMillis(400));
		assertThat(registry.get("callworker.vobiz.pacing").tag("endpoint", "initiate").timer().count()).isEqualTo(11);
	}

	@Test
	void refusesAtOnceARequestThatCannotHaveAPermitBeforeItsDeadlineAndLeavesThePermitToTheNext() {
		VobizRequestGate gate = VobizPacer.of(2, new WorkerMetrics(new SimpleMeterRegistry()));
		gate.beforeSend("initiate");
		long started = System.nanoTime();
		assertThat(gate.beforeSend("initiate", Instant.now().plusMillis(100))).isFalse();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("refused without waiting")
			.isLessThan(Duration.ofMillis(100));
		started = System.nanoTime();
		gate.beforeSend("initiate");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the next permit, not the one after")
			.isLessThan(Duration.ofMillis(700));
	}

	@Test
	void letsARequestThroughWhosePermitComesBeforeItsDeadline() {
		VobizRequestGate gate = VobizPacer.of(20, new WorkerMetrics(new SimpleMeterRegistry()));
		gate.beforeSend("initiate");
		assertThat(gate.beforeSend("initiate", Instant.now().plusSeconds(1))).isTrue();
	}

}
