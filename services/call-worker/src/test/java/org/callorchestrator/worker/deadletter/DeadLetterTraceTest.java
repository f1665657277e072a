package org.callorchestrator.worker.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.callorchestrator.schema.ErrorCategory;
import org.callorchestrator.schema.Topics;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;

/**
 * A dead letter continues its command's trace: it keeps the record's own
 * {@code traceparent} byte for byte (a replay continues the producer's trace), and
 * carries the worker's when the record came without one. Broker-free.
 */
class DeadLetterTraceTest {

	private static final String PRODUCERS = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

	private static final String WORKERS = "00-4bf92f3577b34da6a3ce929d0e0e4736-b7ad6b7169203331-01";

	private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
			new ByteArraySerializer());

	private final DeadLetterPublisher publisher = new DeadLetterPublisher(
			new KafkaTemplate<>(new MockProducerFactory<>(() -> this.producer)));

	@Test
	void keepsTheTraceparentTheCommandCameWith() {
		publish(record(PRODUCERS));

		assertThat(traceparents()).containsExactly(PRODUCERS);
	}

	@Test
	void carriesTheWorkersTraceparentWhenTheCommandCameWithout() {
		publish(record(null));

		assertThat(traceparents()).containsExactly(WORKERS);
	}

	private void publish(ConsumerRecord<String, byte[]> record) {
		this.publisher.publish(record, new MockConsumer<>("earliest"),
				new CommandFailure(ErrorCategory.VALIDATION, "INVALID", null, "to is not E.164", false, 0), "cmd-1",
				List.of(new RecordHeader("traceparent", WORKERS.getBytes(StandardCharsets.UTF_8))));
	}

	private List<String> traceparents() {
		assertThat(this.producer.history()).hasSize(1);
		ProducerRecord<String, byte[]> letter = this.producer.history().get(0);
		assertThat(letter.topic()).isEqualTo(Topics.CALL_INITIATE_DLT);
		return StreamSupport.stream(letter.headers().headers("traceparent").spliterator(), false)
			.map(Header::value)
			.map(value -> new String(value, StandardCharsets.UTF_8))
			.toList();
	}

	private static ConsumerRecord<String, byte[]> record(String traceparent) {
		RecordHeaders headers = new RecordHeaders();
		if (traceparent != null) {
			headers.add(new RecordHeader("traceparent", traceparent.getBytes(StandardCharsets.UTF_8)));
		}
		return new ConsumerRecord<>(Topics.CALL_INITIATE, 0, 7L, 0L, TimestampType.CREATE_TIME, 0, 0, "cmd-1",
				new byte[] { 1 }, headers, Optional.empty());
	}

}
