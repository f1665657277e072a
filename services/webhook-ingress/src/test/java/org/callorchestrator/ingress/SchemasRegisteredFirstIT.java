package org.callorchestrator.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.callorchestrator.ingress.delivery.WebhookSignature;
import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.Topics;
import org.callorchestrator.serde.SchemaRegistration;
import org.callorchestrator.testing.Infrastructure;
import org.callorchestrator.testing.InfrastructureProperties;
import org.callorchestrator.testing.RealInfrastructure;
import org.callorchestrator.testing.TopicRecorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The production setting {@code auto.register.schemas=false} on a real service, the real
 * broker and registry: the ingress started before the deploy's registration step is not
 * ready and says which subject is missing (once, not per probe); once the schema is
 * registered it turns ready and publishes with that schema's id. Its subjects are named
 * by TopicRecordNameStrategy so that no other test of this JVM (which auto-register
 * {@code webhook-ingress.observations-value}) has registered them before.
 */
@RealInfrastructure
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.name=webhook-ingress", "ingress.secrets[0]=whsec-schemas",
				"ingress.mapping.lookups=false", "ingress.topics.partitions=1",
				"spring.kafka.properties.auto.register.schemas=false",
				"spring.kafka.properties.value.subject.name.strategy=TopicRecordNameStrategy",
				"management.endpoint.health.group.readiness.show-details=always" })
class SchemasRegisteredFirstIT {

	static final String SUBJECT = Topics.WEBHOOK_OBSERVATIONS + "-" + CallEvent.getClassSchema().getFullName();

	static TopicRecorder recorder;

	final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@BeforeAll
	static void record() {
		Infrastructure infra = Infrastructure.get();
		infra.createTopicIfAbsent(Topics.CALL_LOGS, 3);
		recorder = new TopicRecorder(infra, List.of(Topics.WEBHOOK_OBSERVATIONS));
	}

	@AfterAll
	static void stop() {
		recorder.close();
	}

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		InfrastructureProperties.register(registry);
	}

	@Test
	void isNotReadyNamingTheMissingSubjectUntilItsSchemaIsRegisteredThenPublishesWithIt(CapturedOutput output,
			Infrastructure infra) throws Exception {
		HttpResponse<String> unready = readiness();
		assertThat(unready.statusCode()).isEqualTo(503);
		assertThat(unready.body()).contains("\"schemas\"", "\"missing\":[\"" + SUBJECT + "\"]");
		assertThat(readiness().statusCode()).as("a second probe").isEqualTo(503);
		assertThat(output.getAll().lines().filter(line -> line.contains(SUBJECT)))
			.as("one log line naming the subject, however many probes")
			.singleElement(InstanceOfAssertFactories.STRING)
			.contains("WARN", "Readiness DOWN", "auto.register.schemas=false");

		SchemaRegistration.Registered registered = new SchemaRegistration(Map.of("schema.registry.url",
				infra.schemaRegistryUrl(), "value.subject.name.strategy", "TopicRecordNameStrategy"))
			.register(Topics.WEBHOOK_OBSERVATIONS, CallEvent.getClassSchema());

		await().atMost(Duration.ofSeconds(10)).until(() -> readiness().statusCode() == 200);
		String wacid = "wacid.schemas-" + UUID.randomUUID();
		byte[] body = WebhookIngressIT.delivery(UUID.randomUUID().toString(), wacid);
		assertThat(post(body).statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(20)).until(() -> observationOf(wacid) != null);
		assertThat(ByteBuffer.wrap(observationOf(wacid).value(), 1, 4).getInt()).isEqualTo(registered.id());
	}

	static ConsumerRecord<String, byte[]> observationOf(String wacid) {
		return recorder.records(Topics.WEBHOOK_OBSERVATIONS)
			.stream()
			.filter(r -> wacid.equals(r.key()))
			.findFirst()
			.orElse(null);
	}

	HttpResponse<String> readiness() throws Exception {
		return this.http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/health/readiness"))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	HttpResponse<String> post(byte[] body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/webhooks/vobiz"))
			.header("Content-Type", "application/json")
			.header("X-Webhook-Event", "call.connect")
			.header("X-Webhook-Signature", WebhookSignature.sign(body, "whsec-schemas"))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
