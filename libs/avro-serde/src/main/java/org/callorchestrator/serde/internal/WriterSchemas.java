package org.callorchestrator.serde.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.callorchestrator.serde.SchemaNotRegisteredException;
import org.callorchestrator.serde.SchemaRegistryException;
import org.callorchestrator.serde.SchemaRegistrySerdeConfig;

/**
 * Which registered schema a record of a given schema is written with, chosen as
 * Confluent's serializer chooses it: with {@code auto.register.schemas} its own schema,
 * registered; else with {@code use.latest.version} the subject's latest schema, provided
 * that it can read what the record's schema writes (the record is then written in the
 * latest schema, so the id always describes the bytes); else its own schema, looked up
 * ({@code POST /subjects/{s}}). The serializer and the readiness check
 * ({@link org.callorchestrator.serde.SchemasWritten}) share it, so that readiness answers
 * exactly what writing would meet. Choices are cached per subject and schema;
 * thread-safe.
 */
public final class WriterSchemas {

	private final SchemaRegistrySerdeConfig config;

	private final SchemaRegistryClient registry;

	private final Map<Key, SchemaRegistryClient.Registered> chosen = new ConcurrentHashMap<>();

	public WriterSchemas(SchemaRegistrySerdeConfig config, SchemaRegistryClient registry) {
		this.config = config;
		this.registry = registry;
	}

	/**
	 * The schema to write a record of {@code own} schema to {@code subject} with, and its
	 * id; registers {@code own} when {@code auto.register.schemas} is on. The returned
	 * schema is {@code own} itself unless the latest version differs.
	 */
	public SchemaRegistryClient.Registered choose(String subject, Schema own) {
		if (this.config.autoRegister()) {
			return new SchemaRegistryClient.Registered(this.registry.idOf(subject, own, true), own);
		}
		return find(subject, own);
	}

	/**
	 * As {@link #choose} with auto-registration off: registers nothing.
	 * @throws SchemaNotRegisteredException when the registry lacks it
	 */
	public SchemaRegistryClient.Registered find(String subject, Schema own) {
		SchemaRegistryClient.Registered known = this.chosen.get(new Key(subject, own));
		if (known != null) {
			return known;
		}
		SchemaRegistryClient.Registered found = this.config.useLatestVersion() ? latest(subject, own)
				: new SchemaRegistryClient.Registered(this.registry.idOf(subject, own, false), own);
		this.chosen.putIfAbsent(new Key(subject, own), found);
		return found;
	}

	private SchemaRegistryClient.Registered latest(String subject, Schema own) {
		SchemaRegistryClient.Registered latest = this.registry.latestOf(subject);
		if (latest.schema().equals(own)) {
			return new SchemaRegistryClient.Registered(latest.id(), own);
		}
		SchemaCompatibility.SchemaPairCompatibility compatibility = SchemaCompatibility
			.checkReaderWriterCompatibility(latest.schema(), own);
		if (compatibility.getType() != SchemaCompatibilityType.COMPATIBLE) {
			throw new SchemaRegistryException("use.latest.version: the latest schema of subject " + subject + " (id "
					+ latest.id() + ") cannot read a record written with its own schema " + own.getFullName() + ": "
					+ compatibility.getDescription(), 409, -1);
		}
		return latest;
	}

	private record Key(String subject, Schema schema) {
	}

}
