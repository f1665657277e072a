package org.callorchestrator.worker;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.callorchestrator.schema.CommandResult;
import org.callorchestrator.schema.Topics;
import org.callorchestrator.serde.SchemaRegistryAvroDeserializer;
import org.callorchestrator.serde.SchemaRegistryAvroSerializer;
import org.callorchestrator.serde.SchemasWritten;
import org.callorchestrator.worker.deadletter.DeadLetterPublisher;
import org.callorchestrator.worker.idempotency.CommandOutcomes;
import org.callorchestrator.worker.intake.CommandDecider;
import org.callorchestrator.worker.intake.DecisionWriter;
import org.callorchestrator.worker.metrics.WorkerMetrics;
import org.callorchestrator.worker.results.CommandResultPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.ProducerListener;

/**
 * Kafka wiring of the worker: the project's Avro serde for commands and results (its
 * registry settings taken from Boot's producer and consumer factories, so connection
 * details and SSL bundles reach them), the command decider (a record failing unexpectedly
 * {@code worker.listener.infrastructure-retries} times is dead-lettered as OTHER), the
 * writer of its decisions, and the topics the worker owns.
 */
@Configuration(proxyBeanMethods = false)
class WorkerKafkaConfiguration {

	/**
	 * Boot's KafkaTemplate takes this bean as its producer listener (instead of one that
	 * logs ERROR per record).
	 */
	@Bean
	ProducerListener<Object, Object> kafkaProducerListener() {
		return new QuietProducerListener();
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	Serializer<Object> commandResultSerializer(ProducerFactory<?, ?> producers) {
		SchemaRegistryAvroSerializer serializer = new SchemaRegistryAvroSerializer();
		serializer.configure(producers.getConfigurationProperties(), false);
		return serializer;
	}

	/**
	 * What the results serializer writes: with auto-registration off, readiness waits for
	 * its schema (the {@code schemas} indicator).
	 */
	@Bean
	SchemasWritten resultSchemas(ProducerFactory<?, ?> producers) {
		return new SchemasWritten(producers.getConfigurationProperties(),
				Map.of(Topics.CALL_COMMAND_RESULTS, CommandResult.getClassSchema()));
	}

	@Bean
	Deserializer<Object> avroDeserializer(ConsumerFactory<?, ?> consumers) {
		Map<String, Object> config = new HashMap<>(consumers.getConfigurationProperties());
		config.put("specific.avro.reader", true);
		SchemaRegistryAvroDeserializer deserializer = new SchemaRegistryAvroDeserializer();
		deserializer.configure(config, false);
		return deserializer;
	}

	@Bean
	CommandDecider commandDecider(Deserializer<Object> avroDeserializer, CommandOutcomes outcomes,
			CommandResultPublisher results, WorkerMetrics metrics, WorkerSettings settings) {
		return new CommandDecider(avroDeserializer, outcomes, results, metrics,
				settings.listener().infrastructureRetries());
	}

	@Bean
	DecisionWriter decisionWriter(CommandOutcomes outcomes, CommandResultPublisher results,
			DeadLetterPublisher deadLetters, WorkerMetrics metrics) {
		return new DecisionWriter(outcomes, results, deadLetters, metrics);
	}

	/**
	 * The worker's topics, created at start-up unless {@code worker.topics.create} is
	 * false (then none).
	 */
	@Bean
	KafkaAdmin.NewTopics workerTopics(WorkerSettings settings) {
		if (!settings.topics().create()) {
			return new KafkaAdmin.NewTopics();
		}
		int partitions = settings.topics().partitions();
		short replicas = settings.topics().replicationFactor();
		return new KafkaAdmin.NewTopics(topic(Topics.CALL_INITIATE, partitions, replicas),
				topic(Topics.CALL_ACTION, partitions, replicas),
				topic(Topics.CALL_COMMAND_RESULTS, partitions, replicas),
				topic(Topics.CALL_INITIATE_DLT, partitions, replicas),
				topic(Topics.CALL_ACTION_DLT, partitions, replicas),
				TopicBuilder.name(settings.idempotency().topic())
					.partitions(partitions)
					.replicas(replicas)
					.config("cleanup.policy", "compact,delete")
					.config("retention.ms", Long.toString(settings.idempotency().retention().toMillis()))
					.build());
	}

	private static NewTopic topic(String name, int partitions, short replicas) {
		return TopicBuilder.name(name).partitions(partitions).replicas(replicas).build();
	}

}
