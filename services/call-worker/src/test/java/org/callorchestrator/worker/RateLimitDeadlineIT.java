package org.callorchestrator.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.callorchestrator.sandbox.VobizSandbox;
import org.callorchestrator.schema.CallInitiateCommand;
import org.callorchestrator.schema.CallStatus;
import org.callorchestrator.schema.CommandResult;
import org.callorchestrator.schema.ErrorCategory;
import org.callorchestrator.schema.Topics;
import org.callorchestrator.serde.SchemaRegistryAvroSerializer;
import org.callorchestrator.testing.Infrastructure;
import org.callorchestrator.testing.InfrastructureProperties;
import org.callorchestrator.testing.RealInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A worker paced at one request every 2 s ({@code worker.concurrency.rate-limit=0.5}): a
 * command whose deadline passes while it waits for the rate limit is never sent. Its own
 * context (closed after the class, like {@link CallWorkerIT}'s, so that only one worker
 * consumes the command topics at a time).
 */
@RealInfrastructure
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "worker.vobiz.auth-id=MA_XXXXXXXX", "worker.vobiz.auth-token=sandbox-token",
				"worker.concurrency.rate-limit=0.5", "worker.topics.partitions=3",
				"management.prometheus.metrics.export.enabled=true" })
class RateLimitDeadlineIT {

	static VobizSandbox sandbox;

	static WorkerRecorder recorder;

	static KafkaProducer<String, Object> producer;

	@Autowired
	PrometheusMeterRegistry prometheus;

	@BeforeAll
	static void start() {
		sandbox = VobizSandbox
			.start(Map.of("sandbox.timing.talk-duration", "5m", "sandbox.timing.answer-window", "5m"));
		Infrastructure infra = Infrastructure.get();
		recorder = new WorkerRecorder(infra);
		producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
				ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, SchemaRegistryAvroSerializer.class, "schema.registry.url",
				infra.schemaRegistryUrl()));
	}

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		InfrastructureProperties.register(registry);
		registry.add("worker.vobiz.base-url", () -> sandbox.baseUrl());
	}

	@AfterAll
	static void stop() {
		producer.close();
		recorder.close();
		sandbox.close();
	}

	@Test
	void neverSendsAnInitiateWhoseDeadlinePassedWhileItWaitedForTheRateLimit() {
		List<CallInitiateCommand> ahead = List.of(initiate(null), initiate(null), initiate(null));
		ahead.forEach(this::send);
		// one of them has its request out, the others wait for the next permits (2 s
		// apart): a command arriving now
		// cannot have a permit within 2 s
		await().atMost(Duration.ofSeconds(60))
			.until(() -> ahead.stream().mapToInt(c -> sandbox.createRequests(c.getSdpOffer())).sum() >= 1
					&& this.prometheus.get("callworker.commands.in_flight").gauge().value() >= 2);
		CallInitiateCommand late = initiate(Instant.now().plusSeconds(1));
		send(late);

		CommandResult result = awaitOneResult(late.getCommandId()).value();
		assertThat(result.getSucceeded()).isFalse();
		assertThat(result.getError().getCategory()).isEqualTo(ErrorCategory.EXPIRED);
		assertThat(sandbox.createRequests(late.getSdpOffer())).as("requests to Vobiz for its offer").isZero();
		assertThat(this.prometheus.get("callworker.commands.expired").tag("kind", "initiate").counter().count())
			.isEqualTo(1);
		for (CallInitiateCommand command : ahead) {
			assertThat(awaitOneResult(command.getCommandId()).value().getStatus()).isEqualTo(CallStatus.INITIATED);
			assertThat(sandbox.callsCreated(command.getSdpOffer())).isEqualTo(1);
		}
		assertThat(sandbox.createRequests(late.getSdpOffer())).as("nor once the queue ahead of it was sent").isZero();
	}

	private void send(CallInitiateCommand command) {
		try {
			producer.send(new ProducerRecord<>(Topics.CALL_INITIATE, command.getCommandId(), command)).get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static CallInitiateCommand initiate(Instant expiresAt) {
		return CallInitiateCommand.newBuilder()
			.setCommandId(UUID.randomUUID().toString())
			.setChannelId(CallWorkerIT.CHANNEL)
			.setTo("+919876543210")
			.setSdpOffer("v=0\r\no=- " + UUID.randomUUID() + " 0 IN IP4 0.0.0.0\r\n")
			.setRequestedAt(Instant.now())
			.setExpiresAt(expiresAt)
			.build();
	}

	static ConsumerRecord<String, CommandResult> awaitOneResult(String commandId) {
		return recorder.oneResultOf(commandId, Duration.ofSeconds(45));
	}

}
