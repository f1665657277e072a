package org.callorchestrator.worker.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.callorchestrator.schema.CallLogRecord;
import org.callorchestrator.schema.PollerCheckpoint;
import org.callorchestrator.serde.SchemaRegistryAvroDeserializer;
import org.callorchestrator.serde.SchemaRegistryAvroSerializer;
import org.callorchestrator.testing.Infrastructure;
import org.callorchestrator.testing.RealInfrastructure;
import org.callorchestrator.testing.TestCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The call-log index against the real broker and registry, fed as the log poller feeds
 * it: rows and checkpoint in one transaction per batch of pages, on topics of its own.
 */
@RealInfrastructure
class CallLogIndexIT {

	static final String CHANNEL = TestCommands.CHANNEL_ID;

	Infrastructure infra;

	String logs;

	String checkpoints;

	KafkaProducer<String, byte[]> poller;

	SchemaRegistryAvroSerializer serializer;

	CallLogIndex index;

	@BeforeEach
	void start() {
		this.infra = Infrastructure.get();
		this.logs = this.infra.createTopic("index-logs", 3);
		this.checkpoints = this.infra.createTopic("index-checkpoint", 1);
		this.poller = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.infra.bootstrapServers(),
						ProducerConfig.TRANSACTIONAL_ID_CONFIG, "index-test-" + UUID.randomUUID()),
				new StringSerializer(), new ByteArraySerializer());
		this.poller.initTransactions();
		this.serializer = new SchemaRegistryAvroSerializer();
		this.serializer.configure(Map.of("schema.registry.url", this.infra.schemaRegistryUrl()), false);
		Map<String, Object> consumer = new HashMap<>();
		consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.infra.bootstrapServers());
		SchemaRegistryAvroDeserializer deserializer = new SchemaRegistryAvroDeserializer();
		deserializer.configure(
				Map.of("schema.registry.url", this.infra.schemaRegistryUrl(), "specific.avro.reader", true), false);
		this.index = new CallLogIndex(consumer, deserializer, this.logs, this.checkpoints, Duration.ofMinutes(30),
				Clock.systemUTC(), new SimpleMeterRegistry());
		this.index.start();
	}

	@AfterEach
	void stop() {
		this.index.close();
		this.poller.close();
	}

	@Test
	void findsAnOutboundCallByItsOfferChannelAndCalleeOnceThePollerMirroredIt() {
		String offer = offer();
		commit(outbound("call-1", "+919812345678", offer, "ringing"), null);

		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.index.outbound(CHANNEL, "+919812345678", offer).isPresent());
		assertThat(this.index.outbound(CHANNEL, "+919812345678", offer)).get()
			.extracting(CallLogIndex.OutboundCall::callId)
			.isEqualTo("call-1");
		assertThat(this.index.outbound(CHANNEL, "+919800000000", offer)).as("another callee").isEmpty();
		assertThat(this.index.outbound(CHANNEL, "+919812345678", offer())).as("another offer").isEmpty();
	}

	@Test
	void provesAScanCompleteOnlyOnceTheNextTransactionOfThePollerIsRead() {
		Instant scan = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		commit(outbound("call-2", "+919812345678", offer(), "ringing"), PollerCheckpoint.none());
		commit(null, new PollerCheckpoint(scan, null, scan, null, null));
		String marker = offer();
		commit(outbound("call-3", "+919812345678", marker, "ringing"), null);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.index.outbound(CHANNEL, "+919812345678", marker).isPresent());
		assertThat(this.index.proves(scan, Instant.EPOCH, "outbound"))
			.as("the completing checkpoint's own rows may not all be readable")
			.isFalse();

		commit(null, new PollerCheckpoint(scan.plusSeconds(2), scan.plusSeconds(1), scan, null, null));

		await().atMost(Duration.ofSeconds(30)).until(() -> this.index.proves(scan, Instant.EPOCH, "outbound"));
		assertThat(this.index.proves(scan.plusMillis(1), Instant.EPOCH, "outbound")).as("a later instant").isFalse();
		assertThat(this.index.stale(Duration.ofMinutes(1))).isFalse();
	}

	@Test
	void provesTheRowsAScanInProgressHasReadDownToTheOldestItReached() {
		Instant scan = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		Instant reached = scan.minusSeconds(90);
		commit(null, new PollerCheckpoint(null, scan, null, null, reached));
		commit(null, new PollerCheckpoint(null, scan, null, null, reached.minusSeconds(60)));

		await().atMost(Duration.ofSeconds(30)).until(() -> this.index.proves(scan, reached, "outbound"));
		assertThat(this.index.proves(scan, reached.minusMillis(1), "outbound")).as("rows older than it read").isFalse();
		assertThat(this.index.proves(scan.plusMillis(1), reached, "outbound")).as("a later instant").isFalse();
	}

	@Test
	void provesNothingForADirectionThePollerDoesNotRead() {
		Instant scan = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		commit(null, new PollerCheckpoint(scan, null, scan, "inbound", null));
		commit(null, new PollerCheckpoint(scan, null, scan, "inbound", null));

		await().atMost(Duration.ofSeconds(30)).until(() -> this.index.proves(scan, Instant.EPOCH, "inbound"));
		assertThat(this.index.proves(scan, Instant.EPOCH, "outbound")).isFalse();
	}

	@Test
	void remembersThatAnInboundCallWasAnsweredAfterItTerminated() {
		String callId = "in-" + UUID.randomUUID();
		commit(inbound(callId, "ringing", null), null);
		commit(inbound(callId, "accepted", Instant.now()), null);
		commit(inbound(callId, "terminated", null), null);

		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.index.inbound(callId).map(c -> "terminated".equals(c.status())).orElse(false));
		assertThat(this.index.inbound(callId)).get().satisfies(call -> {
			assertThat(call.answered()).isTrue();
			assertThat(call.preAccepted()).isTrue();
		});
	}

	@Test
	void skipsAndCountsARecordItCannotReadAndKeepsIndexing() {
		this.poller.beginTransaction();
		this.poller.send(new ProducerRecord<>(this.logs, "garbage", "not avro".getBytes()));
		this.poller.send(new ProducerRecord<>(this.checkpoints, PollerCheckpoint.KEY, new byte[] { 1, 2, 3 }));
		this.poller.commitTransaction();
		String offer = offer();
		commit(outbound("call-4", "+919812345678", offer, "ringing"), null);

		// the two topics' records arrive in either order
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.index.outbound(CHANNEL, "+919812345678", offer).isPresent() && this.index.skipped() >= 2);
		assertThat(this.index.skipped()).as("the garbage row and the garbage checkpoint").isEqualTo(2);
	}

	@Test
	void waitsForAnAnswerAndGivesUpAtItsTimeout() {
		long started = System.nanoTime();
		Optional<String> nothing = this.index.await(Optional::empty, Duration.ofMillis(300));
		assertThat(nothing).isEmpty();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300))
			.isLessThan(Duration.ofSeconds(5));
	}

	private void commit(CallLogRecord row, PollerCheckpoint checkpoint) {
		this.poller.beginTransaction();
		if (row != null) {
			this.poller.send(new ProducerRecord<>(this.logs, row.getId(), this.serializer.serialize(this.logs, row)));
		}
		if (checkpoint != null) {
			this.poller.send(new ProducerRecord<>(this.checkpoints, PollerCheckpoint.KEY, checkpoint.encode()));
		}
		this.poller.commitTransaction();
	}

	private static String offer() {
		return "v=0\r\no=- " + UUID.randomUUID() + " 2 IN IP4 127.0.0.1\r\ns=-\r\n";
	}

	private static CallLogRecord outbound(String id, String to, String offer, String status) {
		return row(id, "outbound", status, null).setToNumber(to).setOfferSdp(offer).build();
	}

	private static CallLogRecord inbound(String id, String status, Instant answeredAt) {
		return row(id, "inbound", status, answeredAt).setToNumber("+918888812345").build();
	}

	private static CallLogRecord.Builder row(String id, String direction, String status, Instant answeredAt) {
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		return CallLogRecord.newBuilder()
			.setId(id)
			.setAccountId("MA_XXXXXXXX")
			.setChannelId(CHANNEL)
			.setDirection(direction)
			.setFromNumber("+918888800000")
			.setStatus(status)
			.setAnsweredAt(answeredAt)
			.setCreatedAt(now)
			.setUpdatedAt(now)
			.setObservedAt(now)
			.setFinal$(false);
	}

}
