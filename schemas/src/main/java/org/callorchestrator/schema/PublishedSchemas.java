package org.callorchestrator.schema;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.avro.Schema;

/**
 * The Avro value schema of every topic of the contract that carries Avro, as the
 * generated classes declare it: what the services' serializers write and look up, and
 * what {@code bin/schema-registration} registers under {@code <topic>-value} before a
 * deploy (with {@code auto.register.schemas=false}, the production setting). The
 * dead-letter topics keep the original bytes and the audit topic is JSON, so they have
 * none. {@code AsyncApiContractTest} checks this table against the AsyncAPI document.
 */
public final class PublishedSchemas {

	private PublishedSchemas() {
	}

	/** Topic → value schema, in the contract's order. */
	public static Map<String, Schema> byTopic() {
		Map<String, Schema> schemas = new LinkedHashMap<>();
		schemas.put(Topics.CALL_INITIATE, CallInitiateCommand.getClassSchema());
		schemas.put(Topics.CALL_ACTION, CallActionCommand.getClassSchema());
		schemas.put(Topics.CALL_COMMAND_RESULTS, CommandResult.getClassSchema());
		schemas.put(Topics.CALL_EVENTS, CallEvent.getClassSchema());
		schemas.put(Topics.CALL_STATE, CallState.getClassSchema());
		schemas.put(Topics.WEBHOOK_OBSERVATIONS, CallEvent.getClassSchema());
		schemas.put(Topics.CALL_LOGS, CallLogRecord.getClassSchema());
		return schemas;
	}

}
