package org.callorchestrator.cli;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where the cluster and the registry are, and how to reach them, a picocli mixin: the
 * local stack by default, or the services' client properties from a properties file
 * ({@link RegistryOptions}).
 */
public final class KafkaOptions {

	@Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
			defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
			description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}, env KAFKA_BOOTSTRAP_SERVERS)")
	@Nullable String bootstrapServers;

	@Mixin
	RegistryOptions registry = new RegistryOptions();

	/** {@code --bootstrap-servers} (what an error message names). */
	public String bootstrapServers() {
		return String.valueOf(this.bootstrapServers);
	}

	/**
	 * Client and serde properties: the command-config file's, the registry's URL and
	 * {@code bootstrap.servers}; a fresh, mutable map on every call.
	 * @throws RegistryOptions.UnreadableCommandConfig when the file cannot be read
	 */
	public Map<String, Object> kafka() {
		Map<String, Object> config = this.registry.settings();
		if (this.bootstrapServers != null) {
			config.put("bootstrap.servers", this.bootstrapServers);
		}
		return config;
	}

}
