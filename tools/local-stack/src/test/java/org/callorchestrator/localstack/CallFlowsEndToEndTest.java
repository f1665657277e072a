package org.callorchestrator.localstack;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.callorchestrator.sandbox.VobizSandbox;
import org.callorchestrator.schema.CallAction;
import org.callorchestrator.schema.CallActionCommand;
import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.CallInitiateCommand;
import org.callorchestrator.schema.CallLogRecord;
import org.callorchestrator.schema.CallStatus;
import org.callorchestrator.schema.EventSource;
import org.callorchestrator.schema.Topics;
import org.callorchestrator.serde.SchemaRegistryAvroDeserializer;
import org.callorchestrator.serde.SchemaRegistryAvroSerializer;
import org.callorchestrator.testing.Infrastructure;
import org.callorchestrator.testing.TopicRecorder;
import org.callorchestrator.testing.internal.FreePort;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole system as the local stack runs it — worker, webhook ingress and log poller wired to one broker, registry
 * and Vobiz sandbox, the sandbox delivering real signed webhooks to the ingress — driven only through Kafka, as
 * another team would: commands in, events and call logs out.
 */
class CallFlowsEndToEndTest {

	static final String CHANNEL = "3f1c9b7e-2d4a-4f6b-9c8e-0a1b2c3d4e5f";

	static VobizSandbox sandbox;

	static Services services;

	static TopicRecorder recorder;

	static KafkaProducer<String, Object> producer;

	static SchemaRegistryAvroDeserializer avro;

	@BeforeAll
	static void start() {
		Infrastructure infra = Infrastructure.get();
		infra.createTopics(LocalStack.topics());
		sandbox = VobizSandbox.start(Map.of("sandbox.timing.talk-duration", "5m"));
		services = Services.start(Set.of("worker", "ingress", "poller"), infra.bootstrapServers(),
				infra.schemaRegistryUrl(), sandbox.baseUrl(), "0", Integer.toString(FreePort.pick()), "0");
		recorder = new TopicRecorder(infra, List.of(Topics.CALL_EVENTS, Topics.CALL_LOGS));
		producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
				ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, SchemaRegistryAvroSerializer.class,
				"schema.registry.url", infra.schemaRegistryUrl()));
		avro = new SchemaRegistryAvroDeserializer();
		avro.configure(Map.of("schema.registry.url", infra.schemaRegistryUrl(), "specific.avro.reader", true), false);
	}

	@AfterAll
	static void stop() {
		producer.close();
		recorder.close();
		services.close();
		sandbox.close();
	}

	@Test
	void anOutboundCallIsPlacedAnsweredWithItsSdpTerminatedAndLogged() {
		CallInitiateCommand initiate = CallInitiateCommand.newBuilder()
			.setCommandId(UUID.randomUUID().toString())
			.setChannelId(CHANNEL)
			.setTo("+919876500001")
			.setSdpOffer("v=0\r\no=- " + UUID.randomUUID() + " 0 IN IP4 0.0.0.0\r\ns=agent\r\n")
			.setRequestedAt(Instant.now())
			.build();
		send(Topics.CALL_INITIATE, initiate.getCommandId(), initiate);
		String callId = await().atMost(Duration.ofSeconds(60))
			.until(() -> events().stream()
				.filter(e -> initiate.getCommandId().equals(e.value().getCommandId()))
				.map(e -> e.value().getCallId())
				.findFirst()
				.orElse(null), id -> id != null);
		await().atMost(Duration.ofSeconds(60))
			.until(() -> eventsOf(callId).stream().anyMatch(e -> e.value().getSdpAnswer() != null));
		send(Topics.CALL_ACTION, callId, action(callId, CallAction.TERMINATE, null));
		await().atMost(Duration.ofSeconds(60))
			.until(() -> eventsOf(callId).stream()
				.anyMatch(e -> e.value().getStatus() == CallStatus.TERMINATED
						&& e.value().getSource() == EventSource.WEBHOOK));

		List<ConsumerRecord<String, CallEvent>> events = eventsOf(callId);
		// Vobiz's ringing webhook can beat the worker's INITIATED event to the partition: two producers, one key
		assertThat(events).filteredOn(e -> e.value().getSource() == EventSource.WORKER)
			.extracting(e -> e.value().getStatus())
			.containsSubsequence(CallStatus.INITIATED, CallStatus.TERMINATED);
		assertThat(events).filteredOn(e -> e.value().getSource() == EventSource.WEBHOOK)
			.extracting(e -> e.value().getStatus())
			.containsSubsequence(CallStatus.RINGING, CallStatus.ACCEPTED, CallStatus.TERMINATED);
		assertThat(events).extracting(ConsumerRecord::key).containsOnly(callId);
		assertThat(events).extracting(ConsumerRecord::partition).containsOnly(events.get(0).partition());
		assertThat(events).extracting(e -> e.value().getSource()).contains(EventSource.WORKER, EventSource.WEBHOOK);
		assertThat(sandbox.callsCreated(initiate.getSdpOffer())).isEqualTo(1);
		await().atMost(Duration.ofSeconds(60)).until(() -> callLog(callId) != null);
		assertThat(callLog(callId).getStatus()).isNotBlank();
	}

	@Test
	void anInboundCallArrivesWithItsOfferIsAcceptedThroughCallActionAndTerminated() {
		String body = sandbox.admin("POST", "/inbound-calls",
				"{\"channel_id\":\"" + CHANNEL + "\",\"from\":\"+918888800001\",\"sdp_offer\":\"v=0\\r\\ns=user\\r\\n\"}");
		String callId = body.replaceAll(".*\"call_id\":\"([^\"]+)\".*", "$1");
		await().atMost(Duration.ofSeconds(60))
			.until(() -> eventsOf(callId).stream()
				.anyMatch(e -> e.value().getStatus() == CallStatus.RINGING && e.value().getSdpOffer() != null));

		send(Topics.CALL_ACTION, callId, action(callId, CallAction.PRE_ACCEPT, "v=0\r\ns=agent\r\n"));
		send(Topics.CALL_ACTION, callId, action(callId, CallAction.ACCEPT, "v=0\r\ns=agent\r\n"));
		send(Topics.CALL_ACTION, callId, action(callId, CallAction.TERMINATE, null));
		await().atMost(Duration.ofSeconds(60))
			.until(() -> eventsOf(callId).stream()
				.anyMatch(e -> e.value().getStatus() == CallStatus.TERMINATED
						&& e.value().getSource() == EventSource.WORKER));

		List<ConsumerRecord<String, CallEvent>> events = eventsOf(callId);
		assertThat(events).extracting(e -> e.value().getStatus())
			.containsSubsequence(CallStatus.RINGING, CallStatus.PRE_ACCEPTED, CallStatus.ACCEPTED,
					CallStatus.TERMINATED);
		assertThat(events.get(0).value().getSource()).isEqualTo(EventSource.WEBHOOK);
		assertThat(events.get(0).value().getSdpOffer()).isEqualTo("v=0\r\ns=user\r\n");
		assertThat(events).extracting(ConsumerRecord::key).containsOnly(callId);
		assertThat(events).extracting(ConsumerRecord::partition).containsOnly(events.get(0).partition());
	}

	static CallActionCommand action(String callId, CallAction action, String sdp) {
		return CallActionCommand.newBuilder()
			.setCommandId(UUID.randomUUID().toString())
			.setChannelId(CHANNEL)
			.setCallId(callId)
			.setAction(action)
			.setSdp(sdp)
			.setRequestedAt(Instant.now())
			.build();
	}

	static void send(String topic, String key, Object value) {
		try {
			producer.send(new ProducerRecord<>(topic, key, value)).get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static List<ConsumerRecord<String, CallEvent>> events() {
		return recorder.records(Topics.CALL_EVENTS)
			.stream()
			.map(r -> new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.key(),
					(CallEvent) avro.deserialize(r.topic(), r.value())))
			.toList();
	}

	static List<ConsumerRecord<String, CallEvent>> eventsOf(String callId) {
		return events().stream().filter(e -> callId.equals(e.value().getCallId())).toList();
	}

	static CallLogRecord callLog(String callId) {
		return recorder.records(Topics.CALL_LOGS)
			.stream()
			.filter(r -> callId.equals(r.key()))
			.map(r -> (CallLogRecord) avro.deserialize(r.topic(), r.value()))
			.reduce((first, second) -> second)
			.orElse(null);
	}

}
