package org.callorchestrator.poller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.ProducerFactory;

/**
 * The poller's clients take their settings from Boot's factories, so what Boot applies
 * only there reaches them.
 */
class PollerKafkaSettingsTest {

	final ApplicationContextRunner context = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class))
		.withPropertyValues("spring.kafka.bootstrap-servers=from-properties:9092",
				"spring.kafka.properties.schema.registry.url=http://registry:8080/apis/ccompat/v7");

	@Test
	void takesTheBootstrapServersOfKafkaConnectionDetailsOverSpringKafkaProperties() {
		this.context.withBean(KafkaConnectionDetails.class, () -> () -> List.of("from-connection-details:9093"))
			.run(context -> {
				Map<String, Object> settings = PollerConfiguration.kafkaSettings(context.getBean(ProducerFactory.class),
						context.getBean(ConsumerFactory.class));
				assertThat(settings.get("bootstrap.servers")).asString()
					.contains("from-connection-details:9093")
					.doesNotContain("from-properties");
				assertThat(settings).containsEntry("schema.registry.url", "http://registry:8080/apis/ccompat/v7");
			});
	}

}
