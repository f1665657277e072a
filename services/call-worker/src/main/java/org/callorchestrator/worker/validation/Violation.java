package org.callorchestrator.worker.validation;

/**
 * One broken rule of a command.
 *
 * @param field the Avro field name
 * @param message what the field must be
 * @param value the offending value (abbreviated), or null
 */
public record Violation(String field, String message, String value) {

	@Override
	public String toString() {
		return this.field + " " + this.message + ((this.value != null) ? " (was '" + this.value + "')" : "");
	}

}
