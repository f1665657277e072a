package org.callorchestrator.bench.baseline;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.callorchestrator.schema.CallAction;
import org.callorchestrator.schema.CallActionCommand;
import org.callorchestrator.schema.CallDirection;
import org.callorchestrator.schema.CallError;
import org.callorchestrator.schema.CallInitiateCommand;
import org.callorchestrator.schema.CallStatus;
import org.callorchestrator.schema.CommandResult;
import org.callorchestrator.schema.CommandType;
import org.callorchestrator.schema.ErrorCategory;
import org.callorchestrator.schema.Topics;
import org.callorchestrator.serde.SchemaRegistryAvroDeserializer;
import org.callorchestrator.serde.SchemaRegistryAvroSerializer;
import org.callorchestrator.vobiz.CallActionRequest;
import org.callorchestrator.vobiz.InitiateCallRequest;
import org.callorchestrator.vobiz.InitiateCallResponse;
import org.callorchestrator.vobiz.VobizClient;
import org.callorchestrator.vobiz.VobizClientSettings;
import org.callorchestrator.vobiz.VobizOutcome;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The benchmark's baseline: what a plain {@code @KafkaListener} does with the same
 * commands — one record at a time per consumer thread, {@code concurrency} = the
 * partitions (12), a blocking Vobiz request, then its {@link CommandResult} sent to
 * {@code call.command-results} (as the worker does) and awaited before the next record.
 * No idempotency markers, no transactions, no dead letters: a baseline cheaper per
 * command than the worker, so the ratio is not flattered.
 */
@SpringBootApplication
public class PlainListenerBaseline {

	private final VobizClient vobiz;

	private final KafkaTemplate<String, byte[]> template;

	private final SchemaRegistryAvroDeserializer deserializer = new SchemaRegistryAvroDeserializer();

	private final SchemaRegistryAvroSerializer serializer = new SchemaRegistryAvroSerializer();

	PlainListenerBaseline(KafkaTemplate<String, byte[]> template, KafkaProperties kafka,
			@Value("${baseline.vobiz.base-url}") String vobizUrl) {
		this.template = template;
		this.vobiz = new VobizClient(VobizClientSettings.of(vobizUrl, "MA_XXXXXXXX", "sandbox-token"));
		Map<String, Object> serde = new HashMap<>(kafka.buildConsumerProperties());
		serde.put("specific.avro.reader", true);
		this.deserializer.configure(serde, false);
		this.serializer.configure(serde, false);
	}

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(PlainListenerBaseline.class);
		application.setDefaultProperties(Map.of("spring.config.name", "plain-listener-baseline",
				"spring.kafka.consumer.key-deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
				"spring.kafka.consumer.value-deserializer",
				"org.apache.kafka.common.serialization.ByteArrayDeserializer", "spring.kafka.producer.key-serializer",
				"org.apache.kafka.common.serialization.StringSerializer", "spring.kafka.producer.value-serializer",
				"org.apache.kafka.common.serialization.ByteArraySerializer", "spring.kafka.producer.acks", "all",
				"spring.kafka.consumer.auto-offset-reset", "earliest", "spring.main.web-application-type", "none"));
		application.run(args);
	}

	@KafkaListener(id = "baseline-initiate", topics = Topics.CALL_INITIATE, concurrency = "12")
	void onInitiate(ConsumerRecord<String, byte[]> record) throws Exception {
		CallInitiateCommand command = (CallInitiateCommand) this.deserializer.deserialize(record.topic(),
				record.value());
		VobizOutcome<InitiateCallResponse> outcome = this.vobiz
			.initiateCall(new InitiateCallRequest(command.getChannelId(), command.getTo(), command.getSdpOffer()));
		CommandResult.Builder result = result(command.getCommandId(), CommandType.INITIATE, command.getAttributes())
			.setChannelId(command.getChannelId())
			.setDirection(CallDirection.OUTBOUND)
			.setTo(command.getTo());
		if (outcome instanceof VobizOutcome.Success<InitiateCallResponse> success) {
			result.setSucceeded(true).setCallId(success.body().callId()).setStatus(CallStatus.INITIATED);
		}
		else {
			result.setSucceeded(false).setError(failure(outcome));
		}
		publish(result.build());
	}

	@KafkaListener(id = "baseline-action", topics = Topics.CALL_ACTION, concurrency = "12")
	void onAction(ConsumerRecord<String, byte[]> record) throws Exception {
		CallActionCommand command = (CallActionCommand) this.deserializer.deserialize(record.topic(), record.value());
		VobizOutcome<?> outcome = this.vobiz.callAction(new CallActionRequest(command.getChannelId(),
				command.getCallId(), command.getAction().name().toLowerCase(), command.getSdp()));
		CommandResult.Builder result = result(command.getCommandId(), CommandType.ACTION, command.getAttributes())
			.setAction(command.getAction())
			.setCallId(command.getCallId())
			.setChannelId(command.getChannelId());
		if (outcome instanceof VobizOutcome.Success<?>) {
			result.setSucceeded(true).setStatus(statusAfter(command.getAction()));
		}
		else {
			result.setSucceeded(false).setError(failure(outcome));
		}
		publish(result.build());
	}

	/**
	 * Keyed as the worker keys results: by the call, or by the command when an initiate
	 * created none.
	 */
	private void publish(CommandResult result) throws Exception {
		String key = (result.getCallId() != null) ? result.getCallId() : result.getCommandId();
		this.template
			.send(Topics.CALL_COMMAND_RESULTS, key, this.serializer.serialize(Topics.CALL_COMMAND_RESULTS, result))
			.get();
	}

	private static CommandResult.Builder result(String commandId, CommandType type, Map<String, String> attributes) {
		return CommandResult.newBuilder()
			.setResultId(UUID.randomUUID().toString())
			.setCommandId(commandId)
			.setCommandType(type)
			.setOccurredAt(Instant.now())
			.setAttributes((attributes != null) ? attributes : Map.of());
	}

	/** No classification, no retries: a plain listener reports what Vobiz answered. */
	private static CallError failure(VobizOutcome<?> outcome) {
		return CallError.newBuilder().setCategory(ErrorCategory.OTHER).setMessage(String.valueOf(outcome)).build();
	}

	private static CallStatus statusAfter(CallAction action) {
		if (action == CallAction.PRE_ACCEPT) {
			return CallStatus.PRE_ACCEPTED;
		}
		if (action == CallAction.ACCEPT) {
			return CallStatus.ACCEPTED;
		}
		if (action == CallAction.REJECT) {
			return CallStatus.REJECTED;
		}
		return CallStatus.TERMINATED;
	}

}
