package org.callorchestrator.worker;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.ProducerListener;

/**
 * Replaces Spring Kafka's {@code LoggingProducerListener}, which logs an ERROR — with the
 * record's payload — for every record of a transaction that fails. A transaction that
 * fails in a rebalance ("generation id is not valid") is retried with the same commands,
 * nothing lost: the consumer loop logs one WARN line per failed transaction and counts it
 * ({@code callworker_transactions_failed_total}); the records' own failures go to DEBUG.
 */
final class QuietProducerListener implements ProducerListener<Object, Object> {

	private static final Logger log = LoggerFactory.getLogger(QuietProducerListener.class);

	@Override
	public void onError(ProducerRecord<Object, Object> record, RecordMetadata metadata, Exception exception) {
		log.debug("Send to {} failed (its transaction is retried): {}", record.topic(), exception.toString());
	}

}
