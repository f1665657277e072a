package org.callorchestrator.deploy;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.callorchestrator.ingress.IngressSettings;
import org.callorchestrator.poller.PollerSettings;
import org.callorchestrator.sandbox.SandboxSettings;
import org.callorchestrator.worker.WorkerSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationProperties;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code docs/configuration.md} lists every property of every service's settings record. */
class ConfigurationReferenceTest {

	@Test
	void documentsEveryPropertyOfEverySettingsRecord() throws IOException {
		String reference = Files.readString(Path.of("../docs/configuration.md"));
		List<String> properties = new ArrayList<>();
		for (Class<?> settings : List.of(WorkerSettings.class, IngressSettings.class, PollerSettings.class,
				SandboxSettings.class)) {
			collect(settings.getAnnotation(ConfigurationProperties.class).value(), settings, properties);
		}
		assertThat(properties).hasSizeGreaterThan(60)
			.allSatisfy(property -> assertThat(reference).as(property).contains("`" + property + "`"));
	}

	@Test
	void documentsTheSettingsReadOutsideTheRecords() throws IOException {
		String reference = Files.readString(Path.of("../docs/configuration.md"));
		assertThat(reference).contains("`worker.listener.concurrency`", "`worker.listener.infrastructure-retries`",
				"`worker.topics.create`", "`spring.kafka.bootstrap-servers`", "`VOBIZ_WEBHOOK_SECRETS`");
	}

	/** Nested records of this project are walked; lists and maps of records are one property (set as a whole). */
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
