package org.callorchestrator.worker.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SslConfigs;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.ProducerFactory;

/**
 * The IN_FLIGHT marker producer is built from Boot's producer factory, so what Boot
 * applies only there — connection details (a platform's or Testcontainers'
 * {@code @ServiceConnection}) and SSL bundles ({@code spring.kafka.ssl.bundle}) — reaches
 * it too. Broker-free: only the settings are looked at.
 */
class MarkerProducerSettingsTest {

	/**
	 * A self-signed certificate, only for building an SSL bundle (no handshake happens).
	 */
	private static final String TEST_CA = """
			-----BEGIN CERTIFICATE-----
			MIIBPDCB46ADAgECAghZgeT8UvWcgTAKBggqhkjOPQQDAzASMRAwDgYDVQQDEwd0
			ZXN0LWNhMCAXDTI2MTIwMzE5NDE1MloYDzIxMjYxMTA5MTk0MTUyWjASMRAwDgYD
			VQQDEwd0ZXN0LWNhMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEiUGyMMG+483T
			aKng74A/4HMaXrKO8oazUIJni1b3916JVK+Vq1OtRH6TYpwZB+zgBHGi3FMehIqv
			lDwGCQ7ol6MhMB8wHQYDVR0OBBYEFC8bPFVyAa4dOuoWAcw6tzGl2moaMAoGCCqG
			SM49BAMDA0gAMEUCIA5N5QqlTfCwvoGBUGnU23eRvs20RnBX0DZeZtY1aLyRAiEA
			oMMgEqBuOK9BwGdQWWxE0eibCKbNn3z6feRmZQywAzU=
			-----END CERTIFICATE-----
			""";

	private final ApplicationContextRunner context = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, SslAutoConfiguration.class))
		.withPropertyValues("spring.kafka.bootstrap-servers=from-properties:9092",
				"spring.kafka.producer.transaction-id-prefix=worker-tx-");

	@Test
	void takesTheBootstrapServersOfBootsConnectionDetailsWhichKafkaPropertiesAloneWouldMiss() {
		this.context.withBean(KafkaConnectionDetails.class, () -> () -> List.of("from-connection-details:9092"))
			.run(context -> {
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
	void takesTheSslBundleNamedInSpringKafkaSslBundle() {
		this.context
			.withPropertyValues("spring.kafka.ssl.bundle=brokers",
					"spring.ssl.bundle.pem.brokers.truststore.certificate=" + TEST_CA)
			.run(context -> {
				Map<String, Object> marker = CommandOutcomes
					.markerProducerConfig(context.getBean(ProducerFactory.class));

				assertThat(marker).containsKeys(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, SslBundle.class.getName());
				assertThat(context.getBean(KafkaProperties.class).buildProducerProperties())
					.as("what the marker producer was built from before: no TLS")
					.doesNotContainKey(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG);
			});
	}

	@Test
	void staysOutsideTheWorkersTransactionsAndWaitsForEveryReplica() {
		this.context.run(context -> {
			Map<String, Object> marker = CommandOutcomes.markerProducerConfig(context.getBean(ProducerFactory.class));

			assertThat(marker).doesNotContainKey(ProducerConfig.TRANSACTIONAL_ID_CONFIG)
				.containsEntry(ProducerConfig.ACKS_CONFIG, "all")
				.containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		});
	}

}
