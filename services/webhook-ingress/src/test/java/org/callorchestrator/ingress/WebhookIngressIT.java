package org.callorchestrator.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.callorchestrator.testing.TestCommands.CHANNEL_ID;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.callorchestrator.ingress.delivery.WebhookSignature;
import org.callorchestrator.ingress.mapping.LoggedCalls;
import org.callorchestrator.sandbox.VobizSandbox;
import org.callorchestrator.schema.CallDirection;
import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.CallLogRecord;
import org.callorchestrator.schema.CallStatus;
import org.callorchestrator.schema.EventSource;
import org.callorchestrator.schema.Topics;
import org.callorchestrator.serde.SchemaRegistryAvroDeserializer;
import org.callorchestrator.serde.SchemaRegistryAvroSerializer;
import org.callorchestrator.testing.Infrastructure;
import org.callorchestrator.testing.InfrastructureProperties;
import org.callorchestrator.testing.RealInfrastructure;
import org.callorchestrator.testing.TopicRecorder;
import org.callorchestrator.vobiz.CallActionRequest;
import org.callorchestrator.vobiz.InitiateCallRequest;
import org.callorchestrator.vobiz.InitiateCallResponse;
import org.callorchestrator.vobiz.VobizClient;
import org.callorchestrator.vobiz.VobizClientSettings;
import org.callorchestrator.vobiz.VobizOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The ingress end to end: the sandbox delivers real signed webhooks over HTTP, the
 * ingress's observations are read back from webhook-ingress.observations on the real
 * broker (and call.events, call-state's, stays untouched).
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.name=webhook-ingress", "ingress.secrets[0]=whsec-current",
				"ingress.secrets[1]=whsec-next", "ingress.vobiz.auth-id=MA_XXXXXXXX",
				"ingress.vobiz.auth-token=sandbox-token", "ingress.max-body-bytes=16384", "ingress.topics.partitions=3",
				"ingress.mapping.lookup-interval=200ms", "management.prometheus.metrics.export.enabled=true" })
class WebhookIngressIT {

	static VobizSandbox sandbox;

	static TopicRecorder recorder;

	static SchemaRegistryAvroDeserializer deserializer = new SchemaRegistryAvroDeserializer();

	@LocalServerPort
	int port;

	@Autowired
	PrometheusMeterRegistry prometheus;

	@Autowired
	KafkaTemplate<String, byte[]> template;

	@Autowired
	LoggedCalls loggedCalls;

	@Autowired
	ApplicationAvailability availability;

	final HttpClient http = HttpClient.newHttpClient();

	VobizClient vobiz;

	@BeforeAll
	static void start() {
		sandbox = VobizSandbox.start(Map.of("sandbox.timing.ring-after", "100ms", "sandbox.timing.answer-after",
				"300ms", "sandbox.timing.talk-duration", "800ms", "sandbox.timing.answer-window", "1500ms"));
		Infrastructure infra = Infrastructure.get();
		infra.createTopicIfAbsent(Topics.CALL_LOGS, 3);
		recorder = new TopicRecorder(infra, List.of(Topics.WEBHOOK_OBSERVATIONS, Topics.CALL_EVENTS));
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
		registry.add("ingress.vobiz.base-url", () -> sandbox.baseUrl());
	}

	@BeforeEach
	void subscribe() {
		this.vobiz = new VobizClient(VobizClientSettings.of(sandbox.baseUrl(), "MA_XXXXXXXX", "sandbox-token"));
		this.vobiz.createWebhook(url(), "whsec-current");
	}

	@Test
	void anOutboundCallsWebhooksBecomeItsEventsInOrderKeyedByItsCallId() {
		String callId = initiate();
		await().atMost(Duration.ofSeconds(20)).until(() -> eventsOfCall(callId).size() >= 4);
		List<ConsumerRecord<String, CallEvent>> events = eventsOfCall(callId);
		assertThat(events).extracting(r -> r.value().getStatus())
			.containsExactly(CallStatus.RINGING, CallStatus.ACCEPTED, CallStatus.ACCEPTED, CallStatus.TERMINATED);
		assertThat(events).allSatisfy(r -> {
			assertThat(r.key()).isEqualTo(callId);
			assertThat(r.value().getSource()).isEqualTo(EventSource.WEBHOOK);
			assertThat(r.value().getDirection()).isEqualTo(CallDirection.OUTBOUND);
			assertThat(r.value().getMetaCallId()).startsWith("wacid.");
			assertThat(r.value().getSequence()).as("observations are not numbered: call-state numbers transitions")
				.isZero();
		});
		assertThat(events.get(1).value().getSdpAnswer()).startsWith("v=0");
		assertThat(events.get(3).value().getDurationSeconds()).isNotNull();
		assertThat(recorder.records(Topics.CALL_EVENTS)).as("call.events is call-state's, never the ingress's")
			.isEmpty();
	}

	@Test
	void createsItsObservationsTopicWithItsOwnTopicsSettings() throws Exception {
		TopicDescription observations = Infrastructure.get()
			.admin()
			.describeTopics(List.of(Topics.WEBHOOK_OBSERVATIONS))
			.allTopicNames()
			.get(30, TimeUnit.SECONDS)
			.get(Topics.WEBHOOK_OBSERVATIONS);
		assertThat(observations.partitions()).as("ingress.topics.partitions").hasSize(3);
		assertThat(observations.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(1));
	}

	@Test
	void anInboundCallOffersItsSdpAndIsAnsweredThroughCallActions() {
		String created = sandbox.admin("POST", "/inbound-calls", "{\"channel_id\":\"" + CHANNEL_ID
				+ "\",\"from\":\"+918888888888\",\"sdp_offer\":\"v=0\\r\\ns=user\\r\\n\"}");
		String callId = JsonPath.read(created, "$.call_id");
		await().atMost(Duration.ofSeconds(20)).until(() -> !eventsOfCall(callId).isEmpty());
		CallEvent offer = eventsOfCall(callId).get(0).value();
		assertThat(offer.getStatus()).isEqualTo(CallStatus.RINGING);
		assertThat(offer.getDirection()).isEqualTo(CallDirection.INBOUND);
		assertThat(offer.getSdpOffer()).isEqualTo("v=0\r\ns=user\r\n");
		assertThat(offer.getFrom()).isEqualTo("+918888888888");
		assertThat(offer.getChannelId()).isEqualTo(CHANNEL_ID);
		assertThat(this.vobiz.callAction(new CallActionRequest(CHANNEL_ID, callId, "accept", "v=0\r\ns=agent\r\n")))
			.isInstanceOf(VobizOutcome.Success.class);
		await().atMost(Duration.ofSeconds(20)).until(() -> eventsOfCall(callId).size() >= 2);
		assertThat(eventsOfCall(callId).get(1).value().getStatus()).isEqualTo(CallStatus.TERMINATED);
	}

	@Test
	void anInboundCallNobodyAnswersIsMissed() {
		String created = sandbox.admin("POST", "/inbound-calls",
				"{\"from\":\"+918888888889\",\"sdp_offer\":\"v=0\\r\\n\"}");
		String callId = JsonPath.read(created, "$.call_id");
		await().atMost(Duration.ofSeconds(20)).until(() -> eventsOfCall(callId).size() >= 2);
		assertThat(eventsOfCall(callId).get(1).value().getStatus()).isEqualTo(CallStatus.MISSED);
	}

	@Test
	void refusesABadSignatureAndPublishesNothing() throws Exception {
		String eventId = UUID.randomUUID().toString();
		byte[] body = delivery(eventId, "wacid.bad");
		HttpResponse<String> response = post(body, WebhookSignature.sign(body, "wrong-secret"));
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(post(body, null).statusCode()).isEqualTo(401);
		assertNothingPublishedFor("wacid.bad");
	}

	@Test
	void acceptsTheNextSecretDuringARotation() throws Exception {
		byte[] body = delivery(UUID.randomUUID().toString(), "wacid.rotated");
		assertThat(post(body, WebhookSignature.sign(body, "whsec-next")).statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(20)).until(() -> !eventsOfWacid("wacid.rotated").isEmpty());
	}

	@Test
	void refusesAnOversizedBodyAndPublishesNothing() throws Exception {
		String valid = new String(delivery(UUID.randomUUID().toString(), "wacid.big"), StandardCharsets.UTF_8);
		byte[] body = valid.replace("\"sdp\":\"v=0", "\"sdp\":\"v=0" + "a".repeat(20_000))
			.getBytes(StandardCharsets.UTF_8);
		assertThat(post(body, WebhookSignature.sign(body, "whsec-current")).statusCode()).isEqualTo(413);
		assertNothingPublishedFor("wacid.big");
	}

	@Test
	void refusesMalformedJsonAndPublishesNothing() throws Exception {
		byte[] whole = delivery(UUID.randomUUID().toString(), "wacid.malformed");
		byte[] body = Arrays.copyOf(whole, whole.length - 3);
		assertThat(post(body, WebhookSignature.sign(body, "whsec-current")).statusCode()).isEqualTo(400);
		byte[] noEventId = "{\"payload\":{}}".getBytes(StandardCharsets.UTF_8);
		assertThat(post(noEventId, WebhookSignature.sign(noEventId, "whsec-current")).statusCode()).isEqualTo(400);
		assertNothingPublishedFor("wacid.malformed");
	}

	@Test
	void publishesConcurrentCopiesOfOneDeliveryOnce() throws Exception {
		byte[] body = delivery(UUID.randomUUID().toString(), "wacid.concurrent");
		String signature = WebhookSignature.sign(body, "whsec-current");
		// a thread per copy: the common pool has one thread on a 2-core box and would
		// send them one after the other
		ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
		List<CompletableFuture<HttpResponse<String>>> copies = IntStream.range(0, 8)
			.mapToObj(i -> CompletableFuture.supplyAsync(() -> {
				try {
					return post(body, signature);
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}, senders))
			.toList();
		senders.close();
		assertThat(copies).allSatisfy(copy -> assertThat(copy.join().statusCode()).isEqualTo(200));
		assertThat(copies).filteredOn(copy -> copy.join().body().contains("\"published\"")).hasSize(1);
		await().atMost(Duration.ofSeconds(20)).until(() -> !eventsOfWacid("wacid.concurrent").isEmpty());
		await().during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(5))
			.until(() -> eventsOfWacid("wacid.concurrent").size() == 1);
	}

	@Test
	void anOutboundCallWhoseWebhooksAreAllDeliveredTwiceYieldsEachEventOnce() {
		double duplicatesBefore = duplicatesAnswered();
		sandbox.admin("PUT", "/webhooks/duplicate-rate", "{\"rate\":1}");
		try {
			String callId = initiate();
			await().atMost(Duration.ofSeconds(20)).until(() -> eventsOfCall(callId).size() >= 4);
			await().during(Duration.ofSeconds(1))
				.atMost(Duration.ofSeconds(10))
				.until(() -> eventsOfCall(callId).size() == 4);
			assertThat(duplicatesAnswered() - duplicatesBefore).as("each of the four webhooks came twice")
				.isGreaterThanOrEqualTo(4);
			assertThat(eventsOfCall(callId)).extracting(r -> r.value().getStatus())
				.containsExactly(CallStatus.RINGING, CallStatus.ACCEPTED, CallStatus.ACCEPTED, CallStatus.TERMINATED);
		}
		finally {
			sandbox.admin("PUT", "/webhooks/duplicate-rate", "{\"rate\":0}");
		}
	}

	@Test
	void keysAWebhookByTheCallIdTheLogPollerPublished() throws Exception {
		String callId = UUID.randomUUID().toString();
		String wacid = "wacid.logged-" + callId;
		CallLogRecord log = CallLogRecord.newBuilder()
			.setId(callId)
			.setAccountId("MA_XXXXXXXX")
			.setChannelId(CHANNEL_ID)
			.setMetaCallId(wacid)
			.setDirection("inbound")
			.setStatus("ringing")
			.setCreatedAt(Instant.now())
			.setUpdatedAt(Instant.now())
			.setObservedAt(Instant.now())
			.setFinal$(false)
			.build();
		SchemaRegistryAvroSerializer serializer = new SchemaRegistryAvroSerializer();
		serializer.configure(Map.of("schema.registry.url", Infrastructure.get().schemaRegistryUrl(),
				"auto.register.schemas", "true"), false);
		this.template.send(Topics.CALL_LOGS, callId, serializer.serialize(Topics.CALL_LOGS, log)).get();
		await().atMost(Duration.ofSeconds(20)).until(() -> this.loggedCalls.find(wacid).isPresent());

		byte[] body = delivery(UUID.randomUUID().toString(), wacid);
		assertThat(post(body, WebhookSignature.sign(body, "whsec-current")).statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(20)).until(() -> !eventsOfWacid(wacid).isEmpty());
		ConsumerRecord<String, CallEvent> event = eventsOfWacid(wacid).get(0);
		assertThat(event.key()).isEqualTo(callId);
		assertThat(event.value().getCallId()).isEqualTo(callId);
		assertThat(event.value().getChannelId()).isEqualTo(CHANNEL_ID);
	}

	@Test
	void publishesADuplicateDeliveryOnce() throws Exception {
		byte[] body = delivery(UUID.randomUUID().toString(), "wacid.dup");
		String signature = WebhookSignature.sign(body, "whsec-current");
		assertThat(post(body, signature).statusCode()).isEqualTo(200);
		HttpResponse<String> again = post(body, signature);
		assertThat(again.statusCode()).isEqualTo(200);
		assertThat(again.body()).contains("duplicate");
		await().atMost(Duration.ofSeconds(20)).until(() -> !eventsOfWacid("wacid.dup").isEmpty());
		await().during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(5))
			.until(() -> eventsOfWacid("wacid.dup").size() == 1);
		assertThat(this.prometheus.scrape()).contains("ingress_deliveries_total")
			.contains("outcome=\"duplicate\"")
			.doesNotContain("whsec-current");
	}

	@Test
	void skipsAndCountsAnUndecodableRecordOfItsMirroredTopicsAndStaysLive() throws Exception {
		byte[] garbage = "x".getBytes(StandardCharsets.UTF_8);
		this.template
			.send(new ProducerRecord<>("webhook-ingress.seen-deliveries", "poison-" + UUID.randomUUID(), garbage))
			.get(10, TimeUnit.SECONDS);
		this.template.send(new ProducerRecord<>("webhook-ingress.call-ids", "poison-" + UUID.randomUUID(), garbage))
			.get(10, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(20)).until(() -> skipped("seen-deliveries") == 1 && skipped("call-ids") == 1);
		assertThat(this.availability.getLivenessState()).isEqualTo(LivenessState.CORRECT);
		byte[] body = delivery(UUID.randomUUID().toString(), "wacid.after-poison");
		assertThat(post(body, WebhookSignature.sign(body, "whsec-current")).statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(20)).until(() -> eventsOfWacid("wacid.after-poison").size() == 1);
	}

	private double skipped(String view) {
		return this.prometheus.get("ingress.views.skipped").tag("view", view).functionCounter().count();
	}

	@Test
	void acceptsAPayloadThatIsOnlyTheValueAndStatusesInAnyCase() throws Exception {
		String body = """
				{"event_id":"%s","event_type":"call.status_change","account_id":"MA_XXXXXXXX",
				 "payload":{"value":{"statuses":[{"id":"wacid.lower","timestamp":"1711360860","type":"call",
				 "status":"ringing","recipient_id":"919876543210"}]}}}""".formatted(UUID.randomUUID());
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		assertThat(post(bytes, WebhookSignature.sign(bytes, "whsec-current")).statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(20)).until(() -> !eventsOfWacid("wacid.lower").isEmpty());
		CallEvent event = eventsOfWacid("wacid.lower").get(0).value();
		assertThat(event.getStatus()).isEqualTo(CallStatus.RINGING);
		assertThat(event.getTo()).isEqualTo("+919876543210");
		assertThat(event.getCallId()).as("unknown to Vobiz's logs: published keyed by the wacid").isNull();
		assertThat(eventsOfWacid("wacid.lower").get(0).key()).isEqualTo("wacid.lower");
	}

	double duplicatesAnswered() {
		Counter counter = this.prometheus.find("ingress.deliveries").tag("outcome", "duplicate").counter();
		return (counter != null) ? counter.count() : 0;
	}

	String initiate() {
		VobizOutcome<InitiateCallResponse> outcome = this.vobiz.initiateCall(
				new InitiateCallRequest(CHANNEL_ID, "+919876543210", "v=0\r\no=- " + UUID.randomUUID() + "\r\n"));
		return ((InitiateCallResponse) ((VobizOutcome.Success<?>) outcome).body()).callId();
	}

	static byte[] delivery(String eventId, String wacid) {
		return """
				{"event_id":"%s","event_type":"call.connect","account_id":"MA_XXXXXXXX","occurred_at":"2026-11-24T10:00:00Z",
				 "payload":{"object":"whatsapp_business_account","entry":[{"id":"waba","changes":[{"field":"calls","value":{
				 "calls":[{"id":"%s","from":"918888888888","to":"911140001234","timestamp":"1711360860","event":"connect",
				 "direction":"USER_INITIATED","session":{"sdp_type":"offer","sdp":"v=0\\r\\n"}}]}}]}]}}"""
			.formatted(eventId, wacid)
			.getBytes(StandardCharsets.UTF_8);
	}

	HttpResponse<String> post(byte[] body, String signature) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url()))
			.header("Content-Type", "application/json")
			.header("X-Webhook-Event", "call.connect")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (signature != null) {
			request.header("X-Webhook-Signature", signature);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	void assertNothingPublishedFor(String wacid) {
		await().during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(5))
			.until(() -> eventsOfWacid(wacid).isEmpty());
	}

	String url() {
		return "http://127.0.0.1:" + this.port + "/webhooks/vobiz";
	}

	/** The ingress's observations, in arrival order. */
	static List<ConsumerRecord<String, CallEvent>> events() {
		return recorder.records(Topics.WEBHOOK_OBSERVATIONS)
			.stream()
			.map(r -> new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.key(),
					(CallEvent) deserializer.deserialize(r.topic(), r.value())))
			.toList();
	}

	static List<ConsumerRecord<String, CallEvent>> eventsOfCall(String callId) {
		return events().stream().filter(r -> callId.equals(r.value().getCallId())).toList();
	}

	static List<ConsumerRecord<String, CallEvent>> eventsOfWacid(String wacid) {
		return events().stream().filter(r -> wacid.equals(r.value().getMetaCallId())).toList();
	}

}
