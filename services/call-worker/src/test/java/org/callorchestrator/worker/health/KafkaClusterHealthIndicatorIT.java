package org.callorchestrator.worker.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.callorchestrator.testing.Infrastructure;
import org.callorchestrator.testing.RealInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Readiness follows the broker: UP against the real one, DOWN within its timeout when
 * none answers.
 */
@RealInfrastructure
class KafkaClusterHealthIndicatorIT {

	@Test
	void isUpWhileTheBrokerAnswers(Infrastructure infra) {
		try (KafkaClusterHealthIndicator health = new KafkaClusterHealthIndicator(
				new KafkaAdmin(Map.of("bootstrap.servers", infra.bootstrapServers())))) {
			assertThat(health.health().getStatus()).isEqualTo(Status.UP);
		}
	}

	@Test
	void goesDownWhenNoBrokerAnswers() {
		try (KafkaClusterHealthIndicator health = new KafkaClusterHealthIndicator(
				new KafkaAdmin(Map.of("bootstrap.servers", "127.0.0.1:1")))) {
			long started = System.nanoTime();
			assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
			assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(10_000);
		}
	}

}
