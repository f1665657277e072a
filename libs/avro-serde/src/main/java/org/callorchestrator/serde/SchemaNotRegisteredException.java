package org.callorchestrator.serde;

/**
 * With {@code auto.register.schemas=false}, the registry has no schema for the subject a
 * record is written to (Confluent's 40401 subject not found, 40402 version not found or
 * 40403 schema not found): the subject's schemas must be registered before the record can
 * be written. Retrying helps only once someone registers them.
 */
public class SchemaNotRegisteredException extends SchemaRegistryException {

	private static final long serialVersionUID = 1L;

	private final String subject;

	public SchemaNotRegisteredException(String subject, String what, String registry, int errorCode) {
		super("Subject " + subject + " has no " + what + " in schema registry " + registry
				+ " (auto.register.schemas=false: register the published schemas first, e.g. with bin/schema-registration)",
				404, errorCode);
		this.subject = subject;
	}

	/** The subject the record was to be written to. */
	public String subject() {
		return this.subject;
	}

}
