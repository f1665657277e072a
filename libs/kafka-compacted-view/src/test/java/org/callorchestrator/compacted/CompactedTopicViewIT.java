package org.callorchestrator.compacted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.callorchestrator.testing.Infrastructure;
import org.callorchestrator.testing.RealInfrastructure;
import org.junit.jupiter.api.Test;

@RealInfrastructure
class CompactedTopicViewIT {

	@Test
	void holdsEverythingCommittedBeforeItCaughtUpAndForgetsTombstonedKeys(Infrastructure infra) throws Exception {
		String topic = infra.createTopic("view", 3);
		try (KafkaProducer<String, String> producer = producer(infra)) {
			producer.send(new ProducerRecord<>(topic, "a", stamped("1"))).get();
			producer.send(new ProducerRecord<>(topic, "b", stamped("2"))).get();
			producer.send(new ProducerRecord<>(topic, "b", null)).get();
		}
		try (CompactedTopicView<String> view = view(infra, topic, Duration.ofHours(1))) {
			view.start(Duration.ofSeconds(30));
			assertThat(view.get("a")).hasValueSatisfying(v -> assertThat(v).endsWith("|1"));
			assertThat(view.get("b")).isEmpty();

			try (KafkaProducer<String, String> producer = producer(infra)) {
				producer.send(new ProducerRecord<>(topic, "c", stamped("3"))).get();
			}
			view.awaitCaughtUp(Duration.ofSeconds(10));
			assertThat(view.get("c")).isPresent();
		}
	}

	@Test
	void skipsAndCountsARecordItCannotReadAndKeepsReading(Infrastructure infra) throws Exception {
		String topic = infra.createTopic("view", 1);
		try (KafkaProducer<String, String> producer = producer(infra)) {
			producer.send(new ProducerRecord<>(topic, "bad", "not a stamped value")).get();
			producer.send(new ProducerRecord<>(topic, "good", stamped("1"))).get();
		}
		try (CompactedTopicView<String> view = view(infra, topic, Duration.ofHours(1))) {
			view.start(Duration.ofSeconds(30));
			assertThat(view.get("good")).isPresent();
			assertThat(view.get("bad")).isEmpty();
			assertThat(view.skipped()).isEqualTo(1);
			assertThat(view.isReading()).isTrue();
		}
	}

	@Test
	void readsPartitionsAddedToItsTopicAfterItStarted(Infrastructure infra) throws Exception {
		String topic = infra.createTopic("view", 1);
		try (CompactedTopicView<String> view = view(infra, topic, Duration.ofHours(1))) {
			view.start(Duration.ofSeconds(30));
			infra.admin().createPartitions(Map.of(topic, NewPartitions.increaseTo(3))).all().get(30, TimeUnit.SECONDS);
			try (KafkaProducer<String, String> producer = producer(infra)) {
				producer.send(new ProducerRecord<>(topic, 2, "on-a-new-partition", stamped("1"))).get();
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> view.get("on-a-new-partition").isPresent());
			assertThat(view.isReading()).isTrue();
		}
	}

	@Test
	void dropsEntriesOlderThanTheRetention(Infrastructure infra) throws Exception {
		String topic = infra.createTopic("view", 1);
		try (KafkaProducer<String, String> producer = producer(infra)) {
			producer.send(new ProducerRecord<>(topic, "old", "0|x")).get();
			producer.send(new ProducerRecord<>(topic, "new", stamped("y"))).get();
		}
		try (CompactedTopicView<String> view = view(infra, topic, Duration.ofMinutes(5))) {
			view.start(Duration.ofSeconds(30));
			assertThat(view.get("old")).isEmpty();
			assertThat(view.get("new")).isPresent();
		}
	}

	@Test
	void keepsALocalWriteWhenTheMergeSaysSo(Infrastructure infra) {
		String topic = infra.createTopic("view", 1);
		try (CompactedTopicView<String> view = view(infra, topic, Duration.ofHours(1))) {
			view.start(Duration.ofSeconds(30));
			view.put("k", stamped("local"));
			view.put("k", "1|older");
			assertThat(view.get("k")).hasValueSatisfying(v -> assertThat(v).endsWith("|local"));
		}
	}

	static String stamped(String value) {
		return System.currentTimeMillis() + "|" + value;
	}

	static CompactedTopicView<String> view(Infrastructure infra, String topic, Duration retention) {
		return new CompactedTopicView<>(topic, Map.of("bootstrap.servers", infra.bootstrapServers()),
				(key, bytes) -> new String(bytes, StandardCharsets.UTF_8),
				v -> Instant.ofEpochMilli(Long.parseLong(v.substring(0, v.indexOf('|')))),
				(current, incoming) -> timestamp(incoming) >= timestamp(current) ? incoming : current, retention,
				Clock.systemUTC());
	}

	static long timestamp(String v) {
		return Long.parseLong(v.substring(0, v.indexOf('|')));
	}

	static KafkaProducer<String, String> producer(Infrastructure infra) {
		return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()),
				new StringSerializer(), new StringSerializer());
	}

}
