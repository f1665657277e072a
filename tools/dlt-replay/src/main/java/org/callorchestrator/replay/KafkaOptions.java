package org.callorchestrator.replay;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import picocli.CommandLine.Option;

/**
 * Where the cluster and the registry are, and how to reach them: the same client
 * properties as the services ({@code security.protocol}, {@code sasl.*}, {@code ssl.*} …)
 * from a properties file.
 */
final class KafkaOptions {

	@Option(names = "--bootstrap-servers", defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
			description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}, env KAFKA_BOOTSTRAP_SERVERS)")
	String bootstrapServers;

	@Option(names = "--schema-registry-url",
			defaultValue = "${env:SCHEMA_REGISTRY_URL:-http://127.0.0.1:8081/apis/ccompat/v7}",
			description = "Confluent-compatible registry (default: ${DEFAULT-VALUE}, env SCHEMA_REGISTRY_URL)")
	String schemaRegistryUrl;

	@Option(names = "--command-config",
			description = "Properties file with client settings (SASL/TLS, registry basic auth), as for the services")
	Path commandConfig;

	Map<String, Object> kafka() {
		Map<String, Object> config = new HashMap<>();
		if (this.commandConfig != null) {
			Properties properties = new Properties();
			try (Reader reader = Files.newBufferedReader(this.commandConfig)) {
				properties.load(reader);
			}
			catch (IOException ex) {
				throw new IllegalArgumentException("Cannot read " + this.commandConfig + ": " + ex.getMessage(), ex);
			}
			properties.forEach((k, v) -> config.put(k.toString(), v));
		}
		config.put("bootstrap.servers", this.bootstrapServers);
		config.putIfAbsent("schema.registry.url", this.schemaRegistryUrl);
		return config;
	}

}
