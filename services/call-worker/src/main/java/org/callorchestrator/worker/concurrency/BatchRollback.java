package org.callorchestrator.worker.concurrency;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.AfterRollbackProcessor;
import org.springframework.kafka.listener.ContainerProperties.EOSMode;
import org.springframework.kafka.listener.ListenerUtils;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * What happens after a batch's transaction rolled back (an infrastructure failure: the broker or the registry away):
 * every partition of the batch is sought back to its first record, so the whole batch is polled again, after an
 * exponential back-off (0.5 s doubling to 30 s) that stops early when the container stops. Nothing is dead-lettered
 * here: a record that keeps failing is dead-lettered by the pipeline itself after
 * {@code worker.listener.infrastructure-retries}, so one poison record never takes its batch to a dead-letter topic.
 */
public final class BatchRollback implements AfterRollbackProcessor<Object, Object> {

	private static final Logger log = LoggerFactory.getLogger(BatchRollback.class);

	private final ThreadLocal<Integer> failures = ThreadLocal.withInitial(() -> 0);

	@Override
	public void process(List<ConsumerRecord<Object, Object>> records, Consumer<Object, Object> consumer,
			MessageListenerContainer container, Exception exception, boolean recoverable, EOSMode eosMode) {
		Map<TopicPartition, Long> firsts = new LinkedHashMap<>();
		for (ConsumerRecord<Object, Object> record : records) {
			firsts.merge(new TopicPartition(record.topic(), record.partition()), record.offset(), Math::min);
		}
		firsts.forEach(consumer::seek);
		int failed = this.failures.get() + 1;
		this.failures.set(failed);
		long wait = backOff(failed);
		log.warn("Batch of {} records rolled back ({} in a row): polling it again in {} ms: {}", records.size(), failed,
				wait, exception.toString());
		try {
			ListenerUtils.stoppableSleep(container, wait);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Called by the listener when a batch went through: the next failure starts the back-off again. */
	public void succeeded() {
		this.failures.set(0);
	}

	static long backOff(int failures) {
		return Math.min(30_000, 500L << Math.min(failures - 1, 10));
	}

	@Override
	public void clearThreadState() {
		this.failures.remove();
	}

}
