package org.callorchestrator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@RealInfrastructure
class InfrastructureIT {

	@Test
	void aRecordProducedToACreatedTopicIsConsumedBack(Infrastructure infra) throws Exception {
		String topic = infra.createTopic("harness", 3);
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()), new StringSerializer(),
				new StringSerializer())) {
			producer.send(new ProducerRecord<>(topic, "k", "v")).get();
		}
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
						ConsumerConfig.GROUP_ID_CONFIG, "harness-test", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
						"earliest"),
				new StringDeserializer(), new StringDeserializer())) {
			consumer.subscribe(List.of(topic));
			ConsumerRecords<String, String> records = ConsumerRecords.empty();
			for (int i = 0; i < 50 && records.isEmpty(); i++) {
				records = consumer.poll(Duration.ofMillis(200));
			}
			assertThat(records.records(topic)).singleElement().satisfies(r -> assertThat(r.value()).isEqualTo("v"));
		}
	}

	@Test
	void theRegistryServesTheConfluentCompatibleApi(Infrastructure infra) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(infra.schemaRegistryUrl() + "/subjects")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).startsWith("[");
		assertThat(infra.registryMajorVersion()).isIn(2, 3);
	}

	@Test
	void theRegistryDistributionsAreNotOnTheClasspath() {
		assertThat(System.getProperty("java.class.path")).doesNotContain("apicurio-registry-app");
	}

}
