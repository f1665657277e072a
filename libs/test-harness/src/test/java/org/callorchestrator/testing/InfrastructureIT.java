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
	void theRegistryAnswersBackwardGloballyAndForEverySubject(Infrastructure infra) throws Exception {
		String subject = infra.createTopic("harness-level", 1) + "-value";
		assertThat(send(infra, "POST", "/subjects/" + subject + "/versions", "\"string\"").statusCode()).isEqualTo(200);

		HttpResponse<String> global = send(infra, "GET", "/config", null);
		HttpResponse<String> ofSubject = send(infra, "GET", "/config/" + subject, null);

		// what stock Confluent-API tooling compares with its expected BACKWARD
		assertThat(global.body()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
		// 2.x (the fallback without a Java 21+) reports only a subject's own rule there
		// (NONE), though it enforces the global one
		assertThat(ofSubject.body()).isEqualTo(
				"{\"compatibilityLevel\":\"" + ((infra.registryMajorVersion() >= 3) ? "BACKWARD" : "NONE") + "\"}");
	}

	@Test
	void theRegistryItselfRefusesASchemaIncompatibleWithTheSubjectsLatest(Infrastructure infra) throws Exception {
		String subject = infra.createTopic("harness-compat", 1) + "-value";
		String v1 = "{\"type\":\"record\",\"name\":\"Probe\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}";
		// a new field without a default: a reader of v2 cannot read what v1 wrote
		String v2 = v1.replace("}]}", "},{\"name\":\"b\",\"type\":\"string\"}]}");
		assertThat(send(infra, "POST", "/subjects/" + subject + "/versions", v1).statusCode()).isEqualTo(200);

		HttpResponse<String> refused = send(infra, "POST", "/subjects/" + subject + "/versions", v2);

		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
		assertThat(send(infra, "GET", "/subjects/" + subject + "/versions", null).body()).isEqualTo("[1]");
	}

	private static HttpResponse<String> send(Infrastructure infra, String method, String path, String schema)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(infra.schemaRegistryUrl() + path))
			.header("Content-Type", "application/vnd.schemaregistry.v1+json");
		String body = (schema != null) ? "{\"schema\":" + quoted(schema) + "}" : null;
		request.method(method,
				(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String quoted(String json) {
		return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	@Test
	void theRegistryDistributionsAreNotOnTheClasspath() {
		assertThat(System.getProperty("java.class.path")).doesNotContain("apicurio-registry-app");
	}

}
