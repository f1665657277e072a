package org.callorchestrator.serde;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;

/**
 * The serde's settings, read from ordinary Kafka (de)serializer properties under
 * Confluent's names, so that {@code io.confluent.kafka.serializers.KafkaAvroSerializer}
 * could replace this serde by configuration alone.
 *
 * @param registryUrls {@code schema.registry.url}: one or more base URLs,
 * comma-separated; tried in order
 * @param autoRegister {@code auto.register.schemas} (default true): register the writer's
 * schema under its subject
 * @param useLatestVersion {@code use.latest.version} (default false): with auto-register
 * off, write with the subject's latest schema instead of looking up the record's own
 * @param subjectNameStrategy {@code key.subject.name.strategy} /
 * {@code value.subject.name.strategy}
 * @param userInfo {@code basic.auth.user.info} ({@code user:password}) when
 * {@code basic.auth.credentials.source} is USER_INFO, or the user info of the URL when it
 * is URL; null for none
 * @param specificReader {@code specific.avro.reader} (default false): decode into
 * generated classes
 * @param requestTimeout {@code schema.registry.request.timeout.ms} (ours; default 10 s)
 * @param maxCachedSchemas {@code max.schemas.per.subject} (default 1000): bound of each
 * cache
 */
public record SchemaRegistrySerdeConfig(List<String> registryUrls, boolean autoRegister, boolean useLatestVersion,
		SubjectNameStrategy subjectNameStrategy, String userInfo, boolean specificReader, Duration requestTimeout,
		int maxCachedSchemas) {

	public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

	public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

	public static final String USE_LATEST_VERSION = "use.latest.version";

	public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";

	public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";

	public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";

	public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";

	public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";

	public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";

	public static final String MAX_SCHEMAS_PER_SUBJECT = "max.schemas.per.subject";

	public SchemaRegistrySerdeConfig {
		if (registryUrls.isEmpty()) {
			throw new ConfigException(SCHEMA_REGISTRY_URL + " is required (e.g. http://localhost:8081)");
		}
	}

	/** Reads the settings from a (de)serializer's {@code configure} map. */
	public static SchemaRegistrySerdeConfig from(Map<String, ?> configs, boolean isKey) {
		Object url = configs.get(SCHEMA_REGISTRY_URL);
		if (url == null || url.toString().isBlank()) {
			throw new ConfigException(SCHEMA_REGISTRY_URL, url, "is required (e.g. http://localhost:8081)");
		}
		List<String> urls = Arrays.stream(url.toString().split(","))
			.map(String::trim)
			.filter(u -> !u.isEmpty())
			.map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u)
			.toList();
		String source = string(configs, BASIC_AUTH_CREDENTIALS_SOURCE, "");
		String userInfo = switch (source.toUpperCase()) {
			case "USER_INFO" -> string(configs, BASIC_AUTH_USER_INFO, null);
			case "URL" -> URI.create(urls.get(0)).getUserInfo();
			case "" -> null;
			default -> throw new ConfigException(BASIC_AUTH_CREDENTIALS_SOURCE, source,
					"supported values are USER_INFO and URL");
		};
		String strategyKey = isKey ? KEY_SUBJECT_NAME_STRATEGY : VALUE_SUBJECT_NAME_STRATEGY;
		return new SchemaRegistrySerdeConfig(urls, bool(configs, AUTO_REGISTER_SCHEMAS, true),
				bool(configs, USE_LATEST_VERSION, false),
				SubjectNameStrategy.parse(string(configs, strategyKey, "TopicNameStrategy"), isKey), userInfo,
				bool(configs, SPECIFIC_AVRO_READER, false),
				Duration.ofMillis(Long.parseLong(string(configs, REQUEST_TIMEOUT_MS, "10000"))),
				Integer.parseInt(string(configs, MAX_SCHEMAS_PER_SUBJECT, "1000")));
	}

	private static String string(Map<String, ?> configs, String key, String fallback) {
		Object value = configs.get(key);
		if (value instanceof Class<?> type) {
			return type.getName();
		}
		return (value != null) ? value.toString().trim() : fallback;
	}

	private static boolean bool(Map<String, ?> configs, String key, boolean fallback) {
		Object value = configs.get(key);
		return (value != null) ? Boolean.parseBoolean(value.toString().trim()) : fallback;
	}

	@Override
	public String toString() {
		return "SchemaRegistrySerdeConfig[urls=" + this.registryUrls + ", autoRegister=" + this.autoRegister
				+ ", useLatestVersion=" + this.useLatestVersion + ", subjectNameStrategy=" + this.subjectNameStrategy
				+ ", basicAuth=" + ((this.userInfo != null) ? "***" : "none") + ", specificReader="
				+ this.specificReader + "]";
	}

}
