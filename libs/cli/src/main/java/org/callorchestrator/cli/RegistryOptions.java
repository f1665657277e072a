package org.callorchestrator.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * Where the schema registry is and how to reach it, a picocli mixin: the local stack's by
 * default, or the services' own registry and client properties
 * ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}, {@code basic.auth.*} …) from
 * a properties file — the same names as the services, the same options and environment
 * variables in every tool.
 */
public final class RegistryOptions {

	@Option(names = "--schema-registry-url", paramLabel = "URL",
			defaultValue = "${env:SCHEMA_REGISTRY_URL:-http://127.0.0.1:8081/apis/ccompat/v7}",
			description = "Confluent-compatible registry (default: ${DEFAULT-VALUE}, env SCHEMA_REGISTRY_URL)")
	@Nullable String schemaRegistryUrl;

	@Option(names = "--command-config", paramLabel = "FILE",
			description = "Properties file with client settings (SASL/TLS, registry basic auth), as for the services")
	@Nullable Path commandConfig;

	/**
	 * The command-config file's properties, then {@code schema.registry.url} unless the
	 * file gives it; a fresh, mutable map on every call.
	 * @throws UnreadableCommandConfig when the file cannot be read
	 */
	public Map<String, Object> settings() {
		Map<String, Object> settings = new HashMap<>();
		if (this.commandConfig != null) {
			Properties properties = new Properties();
			try (Reader reader = Files.newBufferedReader(this.commandConfig)) {
				properties.load(reader);
			}
			catch (IOException ex) {
				throw new UnreadableCommandConfig(this.commandConfig, ex);
			}
			properties.forEach((key, value) -> settings.put(key.toString(), value));
		}
		if (this.schemaRegistryUrl != null) {
			settings.putIfAbsent("schema.registry.url", this.schemaRegistryUrl);
		}
		return settings;
	}

	/** A {@code --command-config} file that cannot be read; its message says which. */
	public static final class UnreadableCommandConfig extends RuntimeException {

		private static final long serialVersionUID = 1L;

		UnreadableCommandConfig(Path file, IOException cause) {
			super("cannot read " + file + ": " + cause.getMessage(), cause);
		}

	}

}
