package org.callorchestrator.poller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.DistributionSummary;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.callorchestrator.sandbox.VobizSandbox;
import org.callorchestrator.schema.CallLogRecord;
import org.callorchestrator.schema.Topics;
import org.callorchestrator.serde.SchemaRegistryAvroDeserializer;
import org.callorchestrator.serde.SchemaRegistryAvroSerializer;
import org.callorchestrator.testing.Infrastructure;
import org.callorchestrator.testing.RealInfrastructure;
import org.callorchestrator.testing.TestCommands;
import org.callorchestrator.testing.TopicRecorder;
import org.callorchestrator.vobiz.InitiateCallRequest;
import org.callorchestrator.vobiz.VobizClient;
import org.callorchestrator.vobiz.VobizClientSettings;
import org.callorchestrator.vobiz.VobizSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The poller against the sandbox and the real broker. Each test has its own sandbox,
 * checkpoint topic and group, and asserts on call.logs: every (id, updated_at) version
 * visible to a scan arrives exactly once.
 */
@RealInfrastructure
class LogPollerIT {

	static final String CHANNEL = TestCommands.CHANNEL_ID;

	VobizSandbox sandbox;

	VobizClient vobiz;

	TopicRecorder recorder;

	String checkpointTopic;

	final SchemaRegistryAvroDeserializer deserializer = new SchemaRegistryAvroDeserializer();

	@BeforeEach
	void start(Infrastructure infra) {
		this.sandbox = VobizSandbox.start(Map.of("sandbox.timing.ring-after", "100ms", "sandbox.timing.answer-after",
				"200ms", "sandbox.timing.talk-duration", "1s"));
		this.vobiz = new VobizClient(VobizClientSettings.of(this.sandbox.baseUrl(), "MA_XXXXXXXX", "sandbox-token"));
		infra.createTopicIfAbsent(Topics.CALL_LOGS, 3);
		this.checkpointTopic = infra.createTopic("poller-checkpoint", 1);
		this.recorder = new TopicRecorder(infra, List.of(Topics.CALL_LOGS));
		this.deserializer
			.configure(Map.of("schema.registry.url", infra.schemaRegistryUrl(), "specific.avro.reader", "true"), false);
	}

	@AfterEach
	void stop() {
		this.recorder.close();
		this.sandbox.close();
	}

	@Test
	void emitsEveryLogOfTheHistoryOnceAndNothingMoreWhenNothingChanges(Infrastructure infra) throws Exception {
		this.sandbox.admin("POST", "/logs/seed", "{\"count\":450}");
		try (LogPoller poller = poller(infra, "a")) {
			poller.start();
			await().atMost(Duration.ofSeconds(60)).until(() -> mine().size() >= 450);
			awaitQuiet();
		}
		assertExactlyOncePerVersion();
		assertThat(distinctIds()).hasSize(450);
		assertThat(mine()).allSatisfy(r -> assertThat(r.getFinal$()).isTrue());
	}

	@Test
	void emitsEachNewVersionOfALiveCallOnceAsItChanges(Infrastructure infra) {
		try (LogPoller poller = poller(infra, "b")) {
			poller.start();
			this.vobiz
				.initiateCall(new InitiateCallRequest(CHANNEL, "+919876543210", "v=0\r\no=- " + UUID.randomUUID()));
			await().atMost(Duration.ofSeconds(30))
				.until(() -> mine().stream().anyMatch(r -> r.getStatus().equals("terminated") && r.getFinal$()));
		}
		assertExactlyOncePerVersion();
		assertThat(mine()).extracting(CallLogRecord::getStatus).contains("accepted", "terminated");
	}

	@Test
	void losesNothingAndDoublesNothingWhenNewCallsPushRowsOntoLaterPagesDuringAScan(Infrastructure infra)
			throws Exception {
		this.sandbox.admin("POST", "/logs/seed", "{\"count\":300}");
		this.sandbox.admin("PUT", "/faults", "{\"latency\":{\"fixed_ms\":150,\"jitter_ms\":0}}");
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		try (LogPoller poller = poller(infra, "c", registry)) {
			poller.start();
			for (int i = 0; i < 20; i++) {
				// one new call per page read: each pushes the rows not read yet one place
				// down
				double pages = registry.counter("poller.pages").count();
				await().atMost(Duration.ofSeconds(10)).until(() -> registry.counter("poller.pages").count() > pages);
				this.vobiz
					.initiateCall(new InitiateCallRequest(CHANNEL, "+919876543210", "v=0\r\no=- " + UUID.randomUUID()));
			}
			await().atMost(Duration.ofSeconds(60)).until(() -> distinctIds().size() >= 320);
			awaitQuiet();
		}
		assertExactlyOncePerVersion();
	}

	@Test
	void resumesAfterARestartMidScanWithoutDuplicates(Infrastructure infra) throws Exception {
		this.sandbox.admin("POST", "/logs/seed", "{\"count\":3000}");
		this.sandbox.admin("PUT", "/faults", "{\"latency\":{\"fixed_ms\":300,\"jitter_ms\":0}}");
		try (LogPoller first = poller(infra, "d")) {
			first.start();
			await().atMost(Duration.ofSeconds(30)).until(() -> mine().size() >= 100);
		}
		int beforeRestart = mine().size();
		assertThat(beforeRestart).as("restarted mid-scan").isLessThan(3000);
		try (LogPoller second = poller(infra, "d")) {
			second.start();
			await().atMost(Duration.ofSeconds(60)).until(() -> distinctIds().size() >= 3000);
			awaitQuiet();
		}
		assertExactlyOncePerVersion();
	}

	@Test
	void ridesOutA429StormHonouringRetryAfter(Infrastructure infra) throws Exception {
		this.sandbox.admin("POST", "/logs/seed", "{\"count\":250}");
		this.sandbox.admin("PUT", "/faults",
				"{\"errors\":[{\"endpoint\":\"logs\",\"status\":429,\"retry_after_seconds\":1,\"count\":4}]}");
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		long started = System.nanoTime();
		Duration firstRecord;
		try (LogPoller poller = poller(infra, "e", registry)) {
			poller.start();
			await().atMost(Duration.ofSeconds(30)).until(() -> !mine().isEmpty());
			firstRecord = Duration.ofNanos(System.nanoTime() - started);
			await().atMost(Duration.ofSeconds(60)).until(() -> distinctIds().size() >= 250);
			awaitQuiet();
		}
		// the first four requests (the page and its look-ahead) are answered 429 with
		// Retry-After: 1
		assertThat(registry.counter("poller.backoffs", "reason", "rate_limited").count()).as("429s waited out")
			.isGreaterThanOrEqualTo(1);
		assertThat(firstRecord).as("no page read before Retry-After passed")
			.isGreaterThanOrEqualTo(Duration.ofSeconds(1));
		assertExactlyOncePerVersion();
	}

	@Test
	void keepsOneActivePollerAndFailsOverToTheStandby(Infrastructure infra) throws Exception {
		LogPoller first = poller(infra, "f");
		LogPoller second = poller(infra, "f");
		try {
			first.start();
			await().atMost(Duration.ofSeconds(30)).until(first::isActive);
			second.start();
			await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> !second.isActive());
			first.close();
			long failedAt = System.nanoTime();
			await().atMost(Duration.ofSeconds(30)).until(second::isActive);
			assertThat(Duration.ofNanos(System.nanoTime() - failedAt)).as("take-over after a clean leave")
				.isLessThan(Duration.ofSeconds(15));
			this.vobiz
				.initiateCall(new InitiateCallRequest(CHANNEL, "+919876543210", "v=0\r\no=- " + UUID.randomUUID()));
			await().atMost(Duration.ofSeconds(30)).until(() -> !mine().isEmpty());
		}
		finally {
			first.close();
			second.close();
		}
		assertExactlyOncePerVersion();
	}

	@Test
	void takesOverPastAnUndecodableCheckpointAndCallLogRecordSkippingAndCountingThem(Infrastructure infra)
			throws Exception {
		this.sandbox.admin("POST", "/logs/seed", "{\"count\":200}");
		try (LogPoller first = poller(infra, "h")) {
			first.start();
			await().atMost(Duration.ofSeconds(30)).until(() -> distinctIds().size() >= 200);
		}
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.<String, Object>of("bootstrap.servers", infra.bootstrapServers()), new StringSerializer(),
				new ByteArraySerializer())) {
			byte[] garbage = "not a record".getBytes(StandardCharsets.UTF_8);
			producer.send(new ProducerRecord<>(this.checkpointTopic, Checkpoint.KEY, garbage)).get();
			producer.send(new ProducerRecord<>(Topics.CALL_LOGS, "poison-" + UUID.randomUUID(), garbage)).get();
		}
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		int before = mine().size();
		try (LogPoller second = poller(infra, "h", registry)) {
			second.start();
			await().atMost(Duration.ofSeconds(30))
				.until(() -> registry.find("poller.skipped")
					.counters()
					.stream()
					.mapToDouble(c -> c.count())
					.sum() >= 2);
			await().atMost(Duration.ofSeconds(30)).until(() -> registry.counter("poller.pages").count() > 0);
			assertThat(second.isActive()).as("the loop lives on").isTrue();
			this.vobiz
				.initiateCall(new InitiateCallRequest(CHANNEL, "+919876543210", "v=0\r\no=- " + UUID.randomUUID()));
			await().atMost(Duration.ofSeconds(30)).until(() -> mine().size() > before);
		}
		assertThat(registry.get("poller.scan.pages").summary().count()).as("scans measured in pages").isPositive();
		assertThat(registry.get("poller.skipped").tag("topic", this.checkpointTopic).counter().count()).isEqualTo(1);
		assertThat(registry.get("poller.skipped").tag("topic", Topics.CALL_LOGS).counter().count()).isEqualTo(1);
		assertExactlyOncePerVersion();
	}

	@Test
	void reportsNoGapWhileALiveCallStaysUnchangedAcrossScans(Infrastructure infra) throws Exception {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		this.sandbox.admin("POST", "/inbound-calls", "{\"from\":\"+918888888888\"}");
		try (LogPoller poller = poller(infra, "g", registry)) {
			poller.start();
			await().atMost(Duration.ofSeconds(30)).until(() -> !mine().isEmpty());
			await().during(Duration.ofSeconds(2))
				.atMost(Duration.ofSeconds(5))
				.until(() -> registry.get("poller.gaps").counter().count() == 0 && poller.isActive());
		}
		assertThat(registry.get("poller.gaps").counter().count()).as("gaps reported").isZero();
		assertExactlyOncePerVersion();
	}

	@Test
	void readsOnlyTheRowsThatCanStillChangeOnceCaughtUpNotItsOverlapWindow(Infrastructure infra) {
		// 3,000 finished calls, one a second: 30 pages, all within the 3 h overlap window
		this.sandbox.admin("POST", "/logs/seed", "{\"count\":3000}");
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		try (LogPoller poller = poller(infra, "i", registry)) {
			poller.start();
			await().atMost(Duration.ofSeconds(60)).until(() -> distinctIds().size() >= 3000);
			DistributionSummary scans = registry.get("poller.scan.pages").summary();
			await().atMost(Duration.ofSeconds(10)).until(() -> scans.count() >= 3);
			long scansBefore = scans.count();
			double pagesBefore = scans.totalAmount();
			this.vobiz
				.initiateCall(new InitiateCallRequest(CHANNEL, "+919876543210", "v=0\r\no=- " + UUID.randomUUID()));
			await().atMost(Duration.ofSeconds(30))
				.until(() -> mine().stream().anyMatch(r -> r.getStatus().equals("terminated")));
			await().atMost(Duration.ofSeconds(10)).until(() -> scans.count() >= scansBefore + 5);
			double pagesPerScan = (scans.totalAmount() - pagesBefore) / (scans.count() - scansBefore);
			assertThat(pagesPerScan).as("pages per scan once caught up (the old design re-read 30)").isLessThan(1.5);
		}
		assertThat(registry.get("poller.gaps").counter().count()).as("gaps reported").isZero();
		assertExactlyOncePerVersion();
	}

	@Test
	void followsALongCallBelowTheWalksFloorByLookingItUpAndEmitsItsEndOnce(Infrastructure infra) throws Exception {
		this.sandbox.close();
		this.sandbox = VobizSandbox.start(Map.of("sandbox.timing.ring-after", "100ms", "sandbox.timing.answer-after",
				"200ms", "sandbox.timing.talk-duration", "300ms", "sandbox.timing.answer-window", "5s"));
		this.vobiz = new VobizClient(VobizClientSettings.of(this.sandbox.baseUrl(), "MA_XXXXXXXX", "sandbox-token"));
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		// deep after 1 s: the unanswered inbound call (missed after 5 s) is soon below
		// the floor the short calls set
		PollerSettings settings = new PollerSettings(100, Duration.ofHours(3), Duration.ofMillis(500),
				Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofMillis(20),
				Duration.ofSeconds(5), null, this.checkpointTopic, "poller-" + this.checkpointTopic,
				"poller-" + this.checkpointTopic,
				VobizSettings.of(URI.create(this.sandbox.baseUrl()), "MA_XXXXXXXX", "sandbox-token"));
		String inbound;
		try (LogPoller poller = poller(infra, settings, registry)) {
			poller.start();
			await().atMost(Duration.ofSeconds(30)).until(poller::isActive);
			String answer = this.sandbox.admin("POST", "/inbound-calls", "{\"from\":\"+918888888888\"}");
			inbound = new ObjectMapper().readTree(answer).get("call_id").asText();
			// short calls keep arriving while the inbound one rings
			for (int i = 0; i < 12; i++) {
				this.vobiz
					.initiateCall(new InitiateCallRequest(CHANNEL, "+919876543210", "v=0\r\no=- " + UUID.randomUUID()));
				double scans = registry.get("poller.scan.pages").summary().count();
				await().atMost(Duration.ofSeconds(5))
					.until(() -> registry.get("poller.scan.pages").summary().count() >= scans + 1);
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> versionsOf(inbound).contains("missed"));
			awaitQuiet();
		}
		assertThat(versionsOf(inbound)).as("the long call's versions, in order").containsExactly("ringing", "missed");
		assertThat(registry.counter("poller.deep.requests").count()).as("look-ups below the floor").isPositive();
		assertThat(registry.get("poller.gaps").counter().count()).as("gaps reported").isZero();
		assertExactlyOncePerVersion();
	}

	List<String> versionsOf(String callId) {
		return mine().stream().filter(r -> r.getId().equals(callId)).map(CallLogRecord::getStatus).toList();
	}

	/**
	 * Waits until call.logs has taken no record of this test's calls for a second
	 * (bounded).
	 */
	void awaitQuiet() {
		AtomicInteger last = new AtomicInteger(-1);
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> {
				int now = mine().size();
				return last.getAndSet(now) == now;
			});
	}

	LogPoller poller(Infrastructure infra, String name) {
		return poller(infra, name, new SimpleMeterRegistry());
	}

	LogPoller poller(Infrastructure infra, String name, SimpleMeterRegistry registry) {
		return poller(infra,
				new PollerSettings(100, Duration.ofHours(3), Duration.ofSeconds(30), Duration.ofSeconds(10),
						Duration.ofMinutes(2), Duration.ofMillis(300), Duration.ofMillis(20), Duration.ofSeconds(5),
						null, this.checkpointTopic, "poller-" + this.checkpointTopic, "poller-" + this.checkpointTopic,
						VobizSettings.of(URI.create(this.sandbox.baseUrl()), "MA_XXXXXXXX", "sandbox-token")),
				registry);
	}

	LogPoller poller(Infrastructure infra, PollerSettings settings, SimpleMeterRegistry registry) {
		Map<String, Object> kafka = new HashMap<>();
		kafka.put("bootstrap.servers", infra.bootstrapServers());
		kafka.put("schema.registry.url", infra.schemaRegistryUrl());
		SchemaRegistryAvroSerializer serializer = new SchemaRegistryAvroSerializer();
		serializer.configure(kafka, false);
		return new LogPoller(settings, this.vobiz, kafka, serializer, new PollerMetrics(registry), Clock.systemUTC());
	}

	/** The records of this test's sandbox (its account's calls). */
	List<CallLogRecord> mine() {
		Set<String> calls = sandboxCallIds();
		return this.recorder.records(Topics.CALL_LOGS)
			.stream()
			.filter(r -> r.key() == null || !r.key().startsWith("poison-"))
			.map(r -> (CallLogRecord) this.deserializer.deserialize(r.topic(), r.value()))
			.filter(r -> calls.contains(r.getId()))
			.toList();
	}

	Set<String> distinctIds() {
		Set<String> ids = new HashSet<>();
		mine().forEach(r -> ids.add(r.getId()));
		return ids;
	}

	void assertExactlyOncePerVersion() {
		List<CallLogRecord> records = mine();
		Set<String> versions = new HashSet<>();
		for (CallLogRecord record : records) {
			assertThat(versions
				.add(record.getId() + "@" + record.getUpdatedAt().toEpochMilli() + "/" + record.getStatus()))
				.as("duplicate version of %s: %s", record.getId(),
						records.stream()
							.filter(r -> r.getId().equals(record.getId()))
							.map(r -> r.getStatus() + " created " + r.getCreatedAt() + " updated " + r.getUpdatedAt()
									+ " observed " + r.getObservedAt())
							.toList())
				.isTrue();
		}
	}

	Set<String> sandboxCallIds() {
		String body = this.sandbox.admin("GET", "/calls?max=100000", null);
		try {
			return new HashSet<>(new ObjectMapper().readTree(body).findValuesAsText("id"));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Unreadable sandbox answer", ex);
		}
	}

}
