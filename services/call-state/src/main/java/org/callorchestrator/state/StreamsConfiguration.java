package org.callorchestrator.state;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.apache.avro.Schema;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.CallState;
import org.callorchestrator.schema.Topics;
import org.callorchestrator.serde.SchemasWritten;
import org.callorchestrator.state.health.StreamsLifecycle;
import org.callorchestrator.state.metrics.StateMetrics;
import org.callorchestrator.state.topology.CallStateTopology;
import org.callorchestrator.state.topology.RecordSerdes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.annotation.KafkaStreamsDefaultConfiguration;
import org.springframework.kafka.config.KafkaStreamsConfiguration;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.streams.KafkaStreamsInteractiveQueryService;

/**
 * Kafka Streams as Spring Boot configures it ({@code spring.kafka.streams.*}: application
 * id, exactly-once v2, commit interval, standby replicas — see {@code call-state.yml}),
 * the topology, the topics, and the client's lifecycle hooks: a stream thread that dies
 * shuts the client down, which turns liveness DOWN (never a silent half-running service).
 */
@Configuration(proxyBeanMethods = false)
@EnableKafkaStreams
class StreamsConfiguration {

	private static final Logger log = LoggerFactory.getLogger(StreamsConfiguration.class);

	@Bean
	CallStateTopology callStateTopology(StateSettings settings, StateMetrics metrics,
			@Qualifier(KafkaStreamsDefaultConfiguration.DEFAULT_STREAMS_CONFIG_BEAN_NAME) KafkaStreamsConfiguration streams,
			StreamsBuilder builder) {
		CallStateTopology topology = new CallStateTopology(settings, metrics,
				RecordSerdes.registry(asMap(streams.asProperties())));
		topology.build(builder);
		return topology;
	}

	/**
	 * The published topics call-state writes: with auto-registration off, readiness waits
	 * for their schemas (the {@code schemas} indicator). Its internal topics' subjects it
	 * registers itself (see {@code AvroSerde}).
	 */
	@Bean
	SchemasWritten callStateSchemas(
			@Qualifier(KafkaStreamsDefaultConfiguration.DEFAULT_STREAMS_CONFIG_BEAN_NAME) KafkaStreamsConfiguration streams) {
		Map<String, Schema> written = new LinkedHashMap<>();
		written.put(Topics.CALL_EVENTS, CallEvent.getClassSchema());
		written.put(Topics.CALL_STATE, CallState.getClassSchema());
		return new SchemasWritten(asMap(streams.asProperties()), written);
	}

	@Bean
	StreamsBuilderFactoryBeanConfigurer callStateLifecycle(StreamsLifecycle lifecycle) {
		return factory -> {
			factory.setStateListener(lifecycle::stateChanged);
			factory.setStateRestoreListener(lifecycle);
			factory.setStreamsUncaughtExceptionHandler(ex -> {
				log.error("A stream thread died; shutting the Kafka Streams client down (liveness turns DOWN)", ex);
				return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
			});
		};
	}

	@Bean
	KafkaStreamsInteractiveQueryService interactiveQueries(StreamsBuilderFactoryBean factory) {
		return new KafkaStreamsInteractiveQueryService(factory);
	}

	@Bean
	KafkaAdmin.NewTopics callStateTopics(StateSettings settings) {
		StateSettings.Topics topics = settings.topics();
		if (!topics.create()) {
			return new KafkaAdmin.NewTopics();
		}
		return new KafkaAdmin.NewTopics(topic(Topics.CALL_COMMAND_RESULTS, topics).build(),
				topic(Topics.WEBHOOK_OBSERVATIONS, topics).build(), topic(Topics.CALL_LOGS, topics).compact().build(),
				topic(Topics.CALL_EVENTS, topics).build(),
				topic(Topics.CALL_STATE, topics).compact()
					.configs(Map.of(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "0"))
					.build());
	}

	private static Map<String, Object> asMap(Properties properties) {
		Map<String, Object> map = new HashMap<>();
		properties.forEach((key, value) -> map.put(String.valueOf(key), value));
		return map;
	}

	private static TopicBuilder topic(String name, StateSettings.Topics topics) {
		return TopicBuilder.name(name).partitions(topics.partitions()).replicas(topics.replicas());
	}

}
