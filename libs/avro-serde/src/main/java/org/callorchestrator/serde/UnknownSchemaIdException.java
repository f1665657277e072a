package org.callorchestrator.serde;

/**
 * A record names a schema id the registry does not know: the record cannot be decoded
 * against this registry.
 */
public class UnknownSchemaIdException extends SchemaRegistryException {

	private static final long serialVersionUID = 1L;

	private final int schemaId;

	public UnknownSchemaIdException(int schemaId, String registry) {
		super("Schema id " + schemaId + " not found in registry " + registry, 404, 40403);
		this.schemaId = schemaId;
	}

	public int schemaId() {
		return this.schemaId;
	}

}
