package org.callorchestrator.vobiz;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class EndpointRateLimitTest {

	@Test
	void holdsRequestsToItsEndpointToTheCeilingAndLetsOthersThrough() {
		List<String> passed = new ArrayList<>();
		VobizRequestGate gate = EndpointRateLimit.of("logs", 10, passed::add);
		long started = System.nanoTime();
		for (int i = 0; i < 50; i++) {
			gate.beforeSend("initiate");
		}
		Duration others = Duration.ofNanos(System.nanoTime() - started);
		for (int i = 0; i < 11; i++) {
			gate.beforeSend("logs");
		}
		Duration logs = Duration.ofNanos(System.nanoTime() - started).minus(others);

		assertThat(passed).as("every request reaches the next gate once").hasSize(61);
		assertThat(others).as("other endpoints are not paced").isLessThan(Duration.ofMillis(500));
		assertThat(logs).as("11 logs requests at 10/s: at least 10 periods of 100 ms after the first")
			.isGreaterThanOrEqualTo(Duration.ofMillis(900));
	}

	@Test
	void isTheNextGateItselfWhenTheCeilingIsZero() {
		VobizRequestGate next = endpoint -> {
		};
		assertThat(EndpointRateLimit.of("logs", 0, next)).isSameAs(next);
	}

	@Test
	void passesASendByTimeToTheNextGate() {
		VobizRequestGate gate = EndpointRateLimit.of("logs", 100, VobizRequestGate.OPEN);
		assertThat(gate.beforeSend("logs", Instant.now().plusSeconds(5))).isTrue();
		assertThat(gate.beforeSend("logs", Instant.now().minusSeconds(1))).isFalse();
	}

}
