package org.callorchestrator.replay;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.callorchestrator.schema.DeadLetterHeaders;

/**
 * One dead-letter record and what its headers say: where it came from (Spring Kafka's
 * {@code kafka_dlt-*}) and why it failed (the worker's {@code x-error-*}).
 *
 * @param record the raw record on the dead-letter topic
 */
public record DeadLetter(ConsumerRecord<byte[], byte[]> record) {

	static final String ORIGINAL_TOPIC = "kafka_dlt-original-topic";

	static final String ORIGINAL_PARTITION = "kafka_dlt-original-partition";

	static final String ORIGINAL_OFFSET = "kafka_dlt-original-offset";

	static final String EXCEPTION_FQCN = "kafka_dlt-exception-fqcn";

	static final String EXCEPTION_MESSAGE = "kafka_dlt-exception-message";

	public String originalTopic() {
		String topic = text(ORIGINAL_TOPIC);
		return (topic != null) ? topic : this.record.topic().replaceFirst("-dlt$", "");
	}

	public Integer originalPartition() {
		Header header = this.record.headers().lastHeader(ORIGINAL_PARTITION);
		return (header != null && header.value().length == 4) ? ByteBuffer.wrap(header.value()).getInt() : null;
	}

	public Long originalOffset() {
		Header header = this.record.headers().lastHeader(ORIGINAL_OFFSET);
		return (header != null && header.value().length == 8) ? ByteBuffer.wrap(header.value()).getLong() : null;
	}

	public String category() {
		return text(DeadLetterHeaders.ERROR_CATEGORY);
	}

	public String code() {
		return text(DeadLetterHeaders.ERROR_CODE);
	}

	public String message() {
		return text(DeadLetterHeaders.ERROR_MESSAGE);
	}

	public String exception() {
		return text(EXCEPTION_FQCN);
	}

	public String commandId() {
		return text(DeadLetterHeaders.COMMAND_ID);
	}

	public String key() {
		return (this.record.key() != null) ? new String(this.record.key(), StandardCharsets.UTF_8) : null;
	}

	/** How many times this command was replayed before it landed here again. */
	public int replayCount() {
		String count = text(DeadLetterHeaders.REPLAY_COUNT);
		try {
			return (count != null) ? Integer.parseInt(count.trim()) : 0;
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	public Instant deadLetteredAt() {
		return Instant.ofEpochMilli(this.record.timestamp());
	}

	/** Where this dead letter sits: {@code topic-partition@offset}. */
	public String position() {
		return this.record.topic() + "-" + this.record.partition() + "@" + this.record.offset();
	}

	String text(String name) {
		Header header = this.record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
