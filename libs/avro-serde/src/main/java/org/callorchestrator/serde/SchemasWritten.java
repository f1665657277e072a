package org.callorchestrator.serde;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.callorchestrator.serde.internal.SchemaRegistryClient;
import org.callorchestrator.serde.internal.WriterSchemas;

/**
 * The value schemas a service writes, by topic, with the serializer settings it writes
 * them with — and whether the registry holds what that serializer will look up. With
 * {@code auto.register.schemas=false} (production) a service can write a record only once
 * its subject's schema is registered; {@link #missing()} asks the registry the same way
 * the serializer will (the record's own schema, or the latest version with
 * {@code use.latest.version}) and registers nothing. A Spring Boot application that
 * declares beans of this type gets the {@code schemas} health indicator (for its
 * readiness group) from this library's auto-configuration. Thread-safe.
 */
public final class SchemasWritten {

	private final SchemaRegistrySerdeConfig config;

	private final Map<String, Schema> subjects = new LinkedHashMap<>();

	private final WriterSchemas writers;

	private final SchemaRegistryClient registry;

	/**
	 * @param serializerConfigs the map the service's value serializer is configured with
	 * ({@code schema.registry.url}, {@code auto.register.schemas}, …)
	 * @param valueSchemasByTopic the schema of the records it writes to each topic
	 */
	public SchemasWritten(Map<String, ?> serializerConfigs, Map<String, Schema> valueSchemasByTopic) {
		this.config = SchemaRegistrySerdeConfig.from(serializerConfigs, false);
		valueSchemasByTopic.forEach((topic, schema) -> this.subjects
			.put(this.config.subjectNameStrategy().subject(topic, false, schema), schema));
		this.registry = new SchemaRegistryClient(this.config);
		this.writers = new WriterSchemas(this.config, this.registry);
	}

	/** The subjects written to, in the configured subject naming. */
	public List<String> subjects() {
		return List.copyOf(this.subjects.keySet());
	}

	/**
	 * Whether the serializer registers schemas itself ({@code auto.register.schemas}):
	 * then nothing can be missing.
	 */
	public boolean autoRegister() {
		return this.config.autoRegister();
	}

	/** The registry asked, without credentials. */
	public String registry() {
		return this.registry.registryName();
	}

	/**
	 * The subjects whose schema the serializer would not find now; empty when every one
	 * is registered, or when it registers them itself.
	 * @throws RegistryUnreachableException when no registry URL answers
	 * @throws SchemaRegistryException on any other registry error, or a latest version
	 * that cannot read the service's records ({@code use.latest.version})
	 */
	public List<String> missing() {
		if (this.config.autoRegister()) {
			return List.of();
		}
		List<String> missing = new ArrayList<>();
		this.subjects.forEach((subject, schema) -> {
			try {
				this.writers.find(subject, schema);
			}
			catch (SchemaNotRegisteredException ex) {
				missing.add(subject);
			}
		});
		return missing;
	}

}
