package org.callorchestrator.serde;

import java.util.Map;

import org.apache.avro.Schema;
import org.callorchestrator.serde.internal.SchemaRegistryClient;

/**
 * Registers value schemas under their topics' subjects, as a deploy step does before
 * services that run with {@code auto.register.schemas=false}: the subject named by the
 * configured {@code value.subject.name.strategy} (TopicNameStrategy by default), the
 * schema's JSON exactly as the serializer sends it (so its look-ups find it). Idempotent:
 * a schema the subject holds already is only looked up. The registry's compatibility rule
 * decides the rest: an incompatible schema is a {@link SchemaRegistryException} with
 * status 409. Thread-safe.
 */
public final class SchemaRegistration {

	/**
	 * What registering one schema did.
	 *
	 * @param subject the subject it is registered under
	 * @param id its schema id
	 * @param added true when this call registered it, false when the subject held it
	 * already
	 */
	public record Registered(String subject, int id, boolean added) {
	}

	private final SchemaRegistrySerdeConfig config;

	private final SchemaRegistryClient registry;

	/**
	 * @param registryConfigs {@code schema.registry.url}, basic auth and subject naming,
	 * as for the serializer
	 */
	public SchemaRegistration(Map<String, ?> registryConfigs) {
		this.config = SchemaRegistrySerdeConfig.from(registryConfigs, false);
		this.registry = new SchemaRegistryClient(this.config);
	}

	/** The subject the value schema of {@code topic} is registered under. */
	public String subject(String topic, Schema schema) {
		return this.config.subjectNameStrategy().subject(topic, false, schema);
	}

	/**
	 * Registers {@code schema} as the value schema of {@code topic} unless its subject
	 * holds it already.
	 * @throws SchemaRegistryException the registry refused it (409: incompatible with the
	 * subject's versions under its compatibility rule; 422: not a valid schema)
	 * @throws RegistryUnreachableException no registry URL answered
	 */
	public Registered register(String topic, Schema schema) {
		String subject = subject(topic, schema);
		try {
			return new Registered(subject, this.registry.idOf(subject, schema, false), false);
		}
		catch (SchemaNotRegisteredException absent) {
			try {
				return new Registered(subject, this.registry.idOf(subject, schema, true), true);
			}
			catch (SchemaRegistryException ex) {
				throw new SchemaRegistryException(
						"Subject " + subject + " refused " + schema.getFullName() + ": " + ex.getMessage(), ex.status(),
						ex.errorCode());
			}
		}
	}

	/** The registry asked, without credentials. */
	public String registry() {
		return this.registry.registryName();
	}

}
