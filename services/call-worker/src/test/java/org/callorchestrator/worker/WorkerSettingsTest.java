package org.callorchestrator.worker;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every {@code worker.*} setting binds into {@link WorkerSettings}, and settings that
 * depend on each other agree.
 */
class WorkerSettingsTest {

	@Test
	void bindsTheListenerAndTopicSettingsWithTheirDefaults() {
		WorkerSettings defaults = bind(Map.of());
		assertThat(defaults.listener()).isEqualTo(new WorkerSettings.Listener(1, 10));
		assertThat(defaults.topics()).isEqualTo(new WorkerSettings.Topics(true, 12, (short) 1));

		WorkerSettings set = bind(Map.of("worker.listener.concurrency", "2", "worker.listener.infrastructure-retries",
				"3", "worker.topics.create", "false", "worker.topics.partitions", "3",
				"worker.topics.replication-factor", "3"));
		assertThat(set.listener()).isEqualTo(new WorkerSettings.Listener(2, 3));
		assertThat(set.topics()).isEqualTo(new WorkerSettings.Topics(false, 3, (short) 3));
	}

	@Test
	void refusesFewerVobizConnectionsThanCommandsInFlight() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("worker.concurrency.max-in-flight", "300")))
			.havingRootCause()
			.withMessageContaining(
					"worker.vobiz.max-connections (256) must be at least " + "worker.concurrency.max-in-flight (300)");
		assertThat(bind(Map.of("worker.concurrency.max-in-flight", "300", "worker.vobiz.max-connections", "300"))
			.concurrency()
			.maxInFlight()).isEqualTo(300);
	}

	static WorkerSettings bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("worker", WorkerSettings.class);
	}

}
