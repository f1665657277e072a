package org.callorchestrator.testing;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points a Spring Boot test at the shared {@link Infrastructure}: call {@link #register}
 * from a {@code @DynamicPropertySource} method.
 */
public final class InfrastructureProperties {

	private InfrastructureProperties() {
	}

	/**
	 * Registers {@code spring.kafka.bootstrap-servers} and the serde's
	 * {@code schema.registry.url}.
	 */
	public static void register(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", () -> Infrastructure.get().bootstrapServers());
		registry.add("spring.kafka.properties.schema.registry.url", () -> Infrastructure.get().schemaRegistryUrl());
	}

}
