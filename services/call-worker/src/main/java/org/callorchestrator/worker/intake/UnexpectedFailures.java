package org.callorchestrator.worker.intake;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Counts unexpected failures per record (topic, partition, offset) across the re-polls of its batch, so that a record
 * that fails every time is dead-lettered after {@code worker.listener.infrastructure-retries} attempts instead of
 * holding its partition. Bounded: counts are forgotten when a record concludes, and all of them if more than
 * 10,000 records are failing at once (their batches are then simply retried longer). Thread-safe.
 */
final class UnexpectedFailures {

	private static final int MAX_TRACKED = 10_000;

	private final Map<String, Integer> attempts = new ConcurrentHashMap<>();

	private final int maxAttempts;

	UnexpectedFailures(int retries) {
		this.maxAttempts = retries + 1;
	}

	/** Counts one more failure of {@code record}; true when it may be tried again. */
	boolean mayRetry(ConsumerRecord<?, ?> record) {
		if (this.attempts.size() > MAX_TRACKED) {
			this.attempts.clear();
		}
		int failed = this.attempts.merge(idOf(record), 1, Integer::sum);
		return failed < this.maxAttempts;
	}

	int attempts(ConsumerRecord<?, ?> record) {
		return this.attempts.getOrDefault(idOf(record), 0);
	}

	void concluded(ConsumerRecord<?, ?> record) {
		if (!this.attempts.isEmpty()) {
			this.attempts.remove(idOf(record));
		}
	}

	private static String idOf(ConsumerRecord<?, ?> record) {
		return record.topic() + "-" + record.partition() + "@" + record.offset();
	}

}
