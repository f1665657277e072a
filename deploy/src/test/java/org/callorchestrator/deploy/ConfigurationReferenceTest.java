package org.callorchestrator.deploy;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.callorchestrator.ingress.IngressSettings;
import org.callorchestrator.poller.PollerSettings;
import org.callorchestrator.sandbox.SandboxSettings;
import org.callorchestrator.state.StateSettings;
import org.callorchestrator.worker.WorkerSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/configuration.md} lists every property of every service's settings record.
 */
class ConfigurationReferenceTest {

	@Test
	void documentsEveryPropertyOfEverySettingsRecord() throws IOException {
		String reference = Files.readString(Path.of("../docs/configuration.md"));
		List<String> properties = new ArrayList<>();
		for (Class<?> settings : List.of(WorkerSettings.class, IngressSettings.class, PollerSettings.class,
				StateSettings.class, SandboxSettings.class)) {
			collect(settings.getAnnotation(ConfigurationProperties.class).value(), settings, properties);
		}
		assertThat(properties).hasSizeGreaterThan(60)
			.allSatisfy(property -> assertThat(reference).as(property).contains("`" + property + "`"));
	}

	@Test
	void documentsTheSettingsReadOutsideTheRecords() throws IOException {
		String reference = Files.readString(Path.of("../docs/configuration.md"));
		assertThat(reference).contains("`spring.kafka.bootstrap-servers`", "`VOBIZ_WEBHOOK_SECRETS`",
				"`spring.kafka.properties.auto.register.schemas`", "`AUTO_REGISTER_SCHEMAS`",
				"`spring.kafka.properties.use.latest.version`");
	}

	/**
	 * call-state's Kafka Streams settings live in its yml, not in a record: each one it
	 * sets, and each variable.
	 */
	@Test
	@SuppressWarnings("unchecked")
	void documentsEveryKafkaStreamsSettingAndVariableOfCallState() throws IOException {
		String reference = Files.readString(Path.of("../docs/configuration.md"));
		String yml = Files.readString(Path.of("../services/call-state/src/main/resources/call-state.yml"));
		Map<String, Object> config = new Yaml().load(yml);
		Map<String, Object> streams = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) config
			.get("spring")).get("kafka")).get("streams");
		List<String> properties = new ArrayList<>();
		flatten("spring.kafka.streams", streams, properties);
		assertThat(properties)
			.contains("spring.kafka.streams.application-id", "spring.kafka.streams.state-dir",
					"spring.kafka.streams.replication-factor", "spring.kafka.streams.properties.processing.guarantee",
					"spring.kafka.streams.properties.num.standby.replicas")
			.allSatisfy(property -> assertThat(reference).as(property).contains("`" + property + "`"));
		Matcher variable = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)").matcher(yml);
		List<String> variables = new ArrayList<>();
		while (variable.find()) {
			variables.add(variable.group(1));
		}
		assertThat(variables).contains("STATE_DIR", "STATE_STANDBY_REPLICAS", "STATE_ADVERTISED_HOST")
			.allSatisfy(name -> assertThat(reference).as(name).contains("`" + name + "`"));
	}

	@SuppressWarnings("unchecked")
	static void flatten(String prefix, Map<String, Object> map, List<String> properties) {
		map.forEach((key, value) -> {
			if (value instanceof Map<?, ?> nested) {
				flatten(prefix + "." + key, (Map<String, Object>) nested, properties);
			}
			else {
				properties.add(prefix + "." + key);
			}
		});
	}

	/**
	 * Nested records of this project are walked; lists and maps of records are one
	 * property (set as a whole).
	 */
	static void collect(String prefix, Class<?> type, List<String> properties) {
		for (RecordComponent component : type.getRecordComponents()) {
			String property = prefix + "." + kebab(component.getName());
			Class<?> componentType = component.getType();
			if (componentType.isRecord() && componentType.getName().startsWith("org.callorchestrator")) {
				collect(property, componentType, properties);
			}
			else {
				properties.add(property);
			}
		}
	}

	static String kebab(String camel) {
		return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
	}

}
