package org.callorchestrator.worker.intake;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One record as taken from the poll.
 *
 * @param record the record
 * @param command the decoded command; null when it could not be decoded
 * @param undecodable why the bytes are not a command, if they are not
 * @param failure an infrastructure failure while decoding (registry away), to retry
 * @param lane the lane it runs in
 */
public record Intake<C>(ConsumerRecord<String, byte[]> record, C command, UndecodableCommandException undecodable,
		RuntimeException failure, String lane) {
}
