package org.callorchestrator.serde;

import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;

/**
 * How a subject is named, as in Confluent's serializers. Configured by short name or by
 * Confluent's class name
 * ({@code io.confluent.kafka.serializers.subject.TopicNameStrategy} and so on).
 */
public enum SubjectNameStrategy {

	/**
	 * {@code <topic>-key} / {@code <topic>-value}: one schema (and its evolutions) per
	 * topic. The default.
	 */
	TOPIC_NAME,

	/** The record's full name: one schema per record type, across topics. */
	RECORD_NAME,

	/** {@code <topic>-<record full name>}: several record types per topic. */
	TOPIC_RECORD_NAME;

	/** The subject for a record of {@code schema} on {@code topic}. */
	public String subject(String topic, boolean isKey, Schema schema) {
		return switch (this) {
			case TOPIC_NAME -> topic + (isKey ? "-key" : "-value");
			case RECORD_NAME -> schema.getFullName();
			case TOPIC_RECORD_NAME -> topic + "-" + schema.getFullName();
		};
	}

	static SubjectNameStrategy parse(String configured, boolean isKey) {
		String simple = configured.substring(configured.lastIndexOf('.') + 1);
		return switch (simple) {
			case "TopicNameStrategy", "TOPIC_NAME" -> TOPIC_NAME;
			case "RecordNameStrategy", "RECORD_NAME" -> RECORD_NAME;
			case "TopicRecordNameStrategy", "TOPIC_RECORD_NAME" -> TOPIC_RECORD_NAME;
			default -> throw new ConfigException(
					isKey ? SchemaRegistrySerdeConfig.KEY_SUBJECT_NAME_STRATEGY
							: SchemaRegistrySerdeConfig.VALUE_SUBJECT_NAME_STRATEGY,
					configured, "supported: TopicNameStrategy, RecordNameStrategy, TopicRecordNameStrategy");
		};
	}

}
