package org.callorchestrator.poller;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.serialization.Deserializer;
import org.callorchestrator.schema.CallLogRecord;
import org.callorchestrator.schema.Topics;
import org.callorchestrator.serde.SchemaRegistryAvroDeserializer;
import org.callorchestrator.serde.SchemaRegistryAvroSerializer;
import org.callorchestrator.serde.SchemasWritten;
import org.callorchestrator.vobiz.VobizClient;
import org.callorchestrator.vobiz.VobizRequestGate;
import org.callorchestrator.vobiz.VobizRequestListener;
import org.callorchestrator.vobiz.VobizSettings;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.ProducerFactory;

/**
 * The poller, its Vobiz client, its serde and its topics; the poller runs as a lifecycle
 * bean.
 */
@Configuration(proxyBeanMethods = false)
class PollerConfiguration {

	@Bean
	LogPoller logPoller(PollerSettings settings, ProducerFactory<?, ?> producers, ConsumerFactory<?, ?> consumers,
			MeterRegistry registry) {
		VobizClient client = client(settings.vobiz());
		Map<String, Object> config = kafkaSettings(producers, consumers);
		SchemaRegistryAvroSerializer serializer = new SchemaRegistryAvroSerializer();
		serializer.configure(config, false);
		return new LogPoller(settings, client, clientConfig(config), serializer, new PollerMetrics(registry),
				Clock.systemUTC());
	}

	/**
	 * What the call-log serializer writes: with auto-registration off, readiness waits
	 * for its schema (the {@code schemas} indicator).
	 */
	@Bean
	SchemasWritten callLogSchemas(ProducerFactory<?, ?> producers, ConsumerFactory<?, ?> consumers) {
		return new SchemasWritten(kafkaSettings(producers, consumers),
				Map.of(Topics.CALL_LOGS, CallLogRecord.getClassSchema()));
	}

	/**
	 * A Vobiz client whose {@code GET /logs} requests are held to
	 * {@code poller.vobiz.logs-per-second}.
	 */
	static VobizClient client(VobizSettings vobiz) {
		return new VobizClient(vobiz.client(), VobizRequestListener.NONE, vobiz.limitingLogs(VobizRequestGate.OPEN));
	}

	/**
	 * Runs the poller; a loop that stops while the application runs turns liveness BROKEN
	 * ({@code poller_loops_died_total}), so the platform restarts the instance instead of
	 * leaving it silent.
	 */
	@Bean
	SmartLifecycle logPollerLifecycle(LogPoller poller, ApplicationEventPublisher events, MeterRegistry registry) {
		poller.whenStopped(cause -> {
			registry.counter("poller.loops.died").increment();
			AvailabilityChangeEvent.publish(events, poller, LivenessState.BROKEN);
		});
		return new SmartLifecycle() {

			private volatile boolean running;

			@Override
			public void start() {
				poller.start();
				this.running = true;
			}

			@Override
			public void stop() {
				poller.close();
				this.running = false;
			}

			@Override
			public boolean isRunning() {
				return this.running;
			}
		};
	}

	@Bean
	KafkaAdmin.NewTopics pollerTopics(PollerSettings settings, @Value("${poller.topics.partitions:12}") int partitions,
			@Value("${poller.topics.replication-factor:1}") short replicas) {
		return new KafkaAdmin.NewTopics(
				TopicBuilder.name(Topics.CALL_LOGS).partitions(partitions).replicas(replicas).compact().build(),
				TopicBuilder.name(settings.checkpointTopic()).partitions(1).replicas(replicas).compact().build());
	}

	/**
	 * The poller's Kafka and registry settings as Spring Boot's auto-configured factories
	 * hold them: {@code spring.kafka.*} with the connection details and SSL bundle
	 * applied (which Boot does only inside those factories).
	 */
	static Map<String, Object> kafkaSettings(ProducerFactory<?, ?> producers, ConsumerFactory<?, ?> consumers) {
		Map<String, Object> config = new HashMap<>(producers.getConfigurationProperties());
		config.putAll(consumers.getConfigurationProperties());
		return config;
	}

	/**
	 * Only the client settings (bootstrap, security) — serializers and group are the
	 * poller's own.
	 */
	static Map<String, Object> clientConfig(Map<String, Object> all) {
		Map<String, Object> config = new HashMap<>(all);
		config.keySet()
			.removeIf(k -> k.endsWith(".serializer") || k.endsWith(".deserializer") || k.equals("group.id")
					|| k.equals("transactional.id"));
		return config;
	}

	static Deserializer<Object> deserializer(Map<String, Object> kafka) {
		SchemaRegistryAvroDeserializer deserializer = new SchemaRegistryAvroDeserializer();
		Map<String, Object> config = new HashMap<>(kafka);
		config.put("specific.avro.reader", "true");
		deserializer.configure(config, false);
		return deserializer;
	}

}
