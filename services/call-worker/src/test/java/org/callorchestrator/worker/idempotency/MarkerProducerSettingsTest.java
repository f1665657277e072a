package org.callorchestrator.worker.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.ProducerFactory;

/**
 * The IN_FLIGHT marker producer is built from Boot's producer factory, so what Boot applies only there — connection
 * details (a platform's or Testcontainers' {@code @ServiceConnection}) and SSL bundles — reaches it too. Broker-free:
 * only the settings are looked at.
 */
class MarkerProducerSettingsTest {

	private final ApplicationContextRunner context = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class))
		.withPropertyValues("spring.kafka.bootstrap-servers=from-properties:9092",
				"spring.kafka.producer.transaction-id-prefix=worker-tx-")
		.withBean(KafkaConnectionDetails.class, () -> () -> List.of("from-connection-details:9092"));

	@Test
	void takesTheBootstrapServersOfBootsConnectionDetailsWhichKafkaPropertiesAloneWouldMiss() {
		this.context.run(context -> {
			Map<String, Object> marker = CommandOutcomes
				.markerProducerConfig(context.getBean(ProducerFactory.class));

			assertThat(marker.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG))
				.isEqualTo(List.of("from-connection-details:9092"));
			assertThat(context.getBean(KafkaProperties.class).buildProducerProperties())
				.as("what the marker producer was built from before: the connection details are not in it")
				.containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, List.of("from-properties:9092"));
		});
	}

	@Test
	void staysOutsideTheWorkersTransactionsAndWaitsForEveryReplica() {
		this.context.run(context -> {
			Map<String, Object> marker = CommandOutcomes
				.markerProducerConfig(context.getBean(ProducerFactory.class));

			assertThat(marker).doesNotContainKey(ProducerConfig.TRANSACTIONAL_ID_CONFIG)
				.containsEntry(ProducerConfig.ACKS_CONFIG, "all")
				.containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		});
	}

}
