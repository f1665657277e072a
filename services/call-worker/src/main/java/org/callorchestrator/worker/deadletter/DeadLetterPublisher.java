package org.callorchestrator.worker.deadletter;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.callorchestrator.schema.DeadLetterHeaders;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.stereotype.Component;

/**
 * Publishes a failed command's original record to {@code <topic>-dlt} through Spring
 * Kafka's {@link DeadLetterPublishingRecoverer} (so the standard {@code kafka_dlt-*}
 * headers are there), adding the failure headers of {@link DeadLetterHeaders} (for an
 * EXPIRED failure also the deadline missed and by how much). Inside a consumer's
 * transaction the dead letter commits or aborts with it. The partition is chosen by key,
 * so dead-letter topics need not match the source's partition count. The trace context of
 * the command's work is added when the record carries none.
 */
@Component
public class DeadLetterPublisher {

	private final DeadLetterPublishingRecoverer recoverer;

	public DeadLetterPublisher(KafkaTemplate<String, byte[]> template) {
		this.recoverer = new DeadLetterPublishingRecoverer(template,
				(record, ex) -> new TopicPartition(record.topic() + "-dlt", -1));
		this.recoverer.setHeadersFunction(DeadLetterPublisher::failureHeaders);
		this.recoverer.setFailIfSendResultIsError(true);
	}

	/**
	 * Dead-letters {@code record} (command id null when undecodable) for {@code failure};
	 * waits for the broker (or the transaction) to take it.
	 * @param trace the trace headers of the span the command was worked on in: added only
	 * where the record has no header of that name (a record's own {@code traceparent} is
	 * kept byte for byte, like its other headers, so a replay continues its producer's
	 * trace)
	 */
	public void publish(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer, CommandFailure failure, String commandId,
			List<Header> trace) {
		this.recoverer.accept(record, consumer, new CommandFailedException(failure, commandId, trace));
	}

	private static Headers failureHeaders(ConsumerRecord<?, ?> record, Exception ex) {
		RecordHeaders headers = new RecordHeaders();
		Throwable cause = ex;
		while (cause != null && !(cause instanceof CommandFailedException)) {
			cause = cause.getCause();
		}
		if (cause instanceof CommandFailedException failed) {
			CommandFailure failure = failed.failure();
			add(headers, DeadLetterHeaders.ERROR_CATEGORY, failure.category().name());
			add(headers, DeadLetterHeaders.ERROR_CODE, failure.code());
			add(headers, DeadLetterHeaders.ERROR_MESSAGE, failure.message());
			add(headers, DeadLetterHeaders.ATTEMPTS, Integer.toString(failure.attempts()));
			add(headers, DeadLetterHeaders.COMMAND_ID, failed.commandId());
			if (failure.expiry() != null) {
				add(headers, DeadLetterHeaders.DEADLINE, failure.expiry().deadline().toString());
				add(headers, DeadLetterHeaders.LATE_MS, Long.toString(failure.expiry().late().toMillis()));
			}
			for (Header header : failed.trace()) {
				if (record.headers().lastHeader(header.key()) == null) {
					headers.add(header);
				}
			}
		}
		return headers;
	}

	private static void add(Headers headers, String name, String value) {
		if (value != null) {
			headers.add(name, value.getBytes(StandardCharsets.UTF_8));
		}
	}

}
