package org.callorchestrator.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
import org.callorchestrator.serde.SchemaRegistryAvroDeserializer;
import org.callorchestrator.serde.SchemaRegistryAvroSerializer;
import org.callorchestrator.testing.Infrastructure;
import org.callorchestrator.testing.InfrastructureProperties;
import org.callorchestrator.testing.RealInfrastructure;
import org.callorchestrator.testing.TestCommands;
import org.callorchestrator.testing.TopicRecorder;
import org.callorchestrator.worker.CallWorkerApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The ops runbook end to end: commands dead-lettered during a Vobiz outage are replayed
 * after it and succeed with one dial each; replaying the same selection again dials
 * nobody.
 */
@RealInfrastructure
@SpringBootTest(classes = CallWorkerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "worker.vobiz.auth-id=MA_XXXXXXXX", "worker.vobiz.auth-token=sandbox-token",
				"worker.retry.max-attempts=2", "worker.retry.initial-backoff=50ms", "worker.topics.partitions=3" })
class ReplayAfterOutageIT {

	static VobizSandbox sandbox;

	static TopicRecorder recorder;

	static SchemaRegistryAvroDeserializer deserializer = new SchemaRegistryAvroDeserializer();

	@BeforeAll
	static void start() {
		sandbox = VobizSandbox.start(Map.of("sandbox.timing.talk-duration", "5m"));
		Infrastructure infra = Infrastructure.get();
		recorder = new TopicRecorder(infra, List.of(Topics.CALL_COMMAND_RESULTS));
		deserializer.configure(Map.of("schema.registry.url", infra.schemaRegistryUrl(), "specific.avro.reader", "true"),
				false);
	}

	@AfterAll
	static void stop() {
		recorder.close();
		sandbox.close();
	}

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		InfrastructureProperties.register(registry);
		registry.add("worker.vobiz.base-url", () -> sandbox.baseUrl());
	}

	@Test
	void commandsDeadLetteredDuringAnOutageSucceedWithOneDialEachWhenReplayedAfterIt() throws Exception {
		Infrastructure infra = Infrastructure.get();
		sandbox.admin("PUT", "/faults", "{\"outage\":{\"seconds\":600,\"status\":503}}");
		List<CallInitiateCommand> commands = new ArrayList<>();
		try (KafkaProducer<String, Object> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
						ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
						ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, SchemaRegistryAvroSerializer.class,
						"schema.registry.url", infra.schemaRegistryUrl()))) {
			for (int i = 0; i < 3; i++) {
				CallInitiateCommand command = TestCommands.initiate().build();
				producer.send(new ProducerRecord<>(Topics.CALL_INITIATE, command.getCommandId(), command)).get();
				commands.add(command);
			}
		}
		String ids = String.join(",", commands.stream().map(CallInitiateCommand::getCommandId).toList());
		await().atMost(Duration.ofSeconds(60))
			.until(() -> commands.stream()
				.allMatch(c -> resultsOf(c.getCommandId()).stream()
					.anyMatch(e -> e.getError() != null
							&& e.getError().getCategory() == ErrorCategory.RETRIES_EXHAUSTED)));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> ReplayToolIT.run(infra, "list", "--command-id", ids).out().contains("total 3"));

		sandbox.admin("DELETE", "/faults", null);
		ReplayToolIT.Result dryRun = ReplayToolIT.run(infra, "replay", "--command-id", ids, "--dry-run");
		assertThat(dryRun.exit()).isZero();
		assertThat(dryRun.out()).contains("would replay 3");
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(3))
			.until(() -> commands.stream().allMatch(c -> resultsOf(c.getCommandId()).size() == 1));

		ReplayToolIT.Result replay = ReplayToolIT.run(infra, "replay", "--command-id", ids, "--category",
				"RETRIES_EXHAUSTED");
		assertThat(replay.exit()).isZero();
		assertThat(replay.out()).contains("replayed 3");
		await().atMost(Duration.ofSeconds(60))
			.until(() -> commands.stream()
				.allMatch(c -> resultsOf(c.getCommandId()).stream()
					.anyMatch(e -> e.getStatus() == CallStatus.INITIATED)));
		assertThat(commands).allSatisfy(c -> assertThat(sandbox.callsCreated(c.getSdpOffer())).isEqualTo(1));

		ReplayToolIT.Result again = ReplayToolIT.run(infra, "replay", "--command-id", ids);
		assertThat(again.exit()).isZero();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> commands.stream()
				.allMatch(c -> resultsOf(c.getCommandId()).stream()
					.filter(e -> e.getStatus() == CallStatus.INITIATED)
					.count() == 2));
		assertThat(commands).as("a second replay dials nobody")
			.allSatisfy(c -> assertThat(sandbox.callsCreated(c.getSdpOffer())).isEqualTo(1));
	}

	static List<CommandResult> resultsOf(String commandId) {
		return recorder.records(Topics.CALL_COMMAND_RESULTS)
			.stream()
			.map(r -> (CommandResult) deserializer.deserialize(r.topic(), r.value()))
			.filter(e -> commandId.equals(e.getCommandId()))
			.toList();
	}

}
