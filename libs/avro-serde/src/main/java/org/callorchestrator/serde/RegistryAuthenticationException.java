package org.callorchestrator.serde;

/**
 * The registry refused the serde's credentials (401) or their rights (403): a setting is
 * wrong, not the record, so retrying the same request cannot help and dead-lettering the
 * record would be wrong. The message names the registry without its credentials and the
 * user, never the password.
 */
public class RegistryAuthenticationException extends SchemaRegistryException {

	private static final long serialVersionUID = 1L;

	public RegistryAuthenticationException(String message, int status) {
		super(message, status, -1);
	}

}
