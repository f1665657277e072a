package org.callorchestrator.worker;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.callorchestrator.schema.Topics;
import org.callorchestrator.serde.SchemaRegistryAvroDeserializer;
import org.callorchestrator.serde.SchemaRegistryAvroSerializer;
import org.callorchestrator.worker.concurrency.BatchRollback;
import org.callorchestrator.worker.concurrency.CommandLanes;
import org.callorchestrator.worker.deadletter.DeadLetterPublisher;
import org.callorchestrator.worker.events.CallEventPublisher;
import org.callorchestrator.worker.idempotency.CommandOutcomes;
import org.callorchestrator.worker.intake.CommandDecoder;
import org.callorchestrator.worker.intake.CommandPipeline;
import org.callorchestrator.worker.metrics.WorkerMetrics;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;

/**
 * Kafka wiring of the worker: the project's Avro serde for commands and events, the pipeline, the topics the worker
 * owns, and what happens on an unexpected failure (the batch's transaction rolls back and the batch is polled again
 * after a back-off; a record failing {@code worker.listener.infrastructure-retries} times is dead-lettered as OTHER).
 */
@Configuration(proxyBeanMethods = false)
class WorkerKafkaConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	Serializer<Object> callEventSerializer(KafkaProperties kafka) {
		SchemaRegistryAvroSerializer serializer = new SchemaRegistryAvroSerializer();
		serializer.configure(kafka.buildProducerProperties(), false);
		return serializer;
	}

	@Bean
	Deserializer<Object> commandDeserializer(KafkaProperties kafka) {
		Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
		config.put("specific.avro.reader", true);
		SchemaRegistryAvroDeserializer deserializer = new SchemaRegistryAvroDeserializer();
		deserializer.configure(config, false);
		return deserializer;
	}

	@Bean
	CommandPipeline commandPipeline(Deserializer<Object> commandDeserializer, CommandOutcomes outcomes,
			CallEventPublisher events, DeadLetterPublisher deadLetters, WorkerMetrics metrics, CommandLanes lanes,
			@Value("${worker.listener.infrastructure-retries:10}") int retries) {
		return new CommandPipeline(new CommandDecoder(commandDeserializer), outcomes, events, deadLetters, metrics,
				lanes, retries);
	}

	/** Before consuming newly assigned partitions, the outcome record must include everything committed so far. */
	@Bean
	ConsumerAwareRebalanceListener awaitOutcomesOnAssignment(CommandOutcomes outcomes) {
		return new ConsumerAwareRebalanceListener() {
			@Override
			public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
				if (!partitions.isEmpty()) {
					outcomes.awaitCaughtUp(Duration.ofSeconds(60));
				}
			}
		};
	}

	/** After a rolled-back batch: seek back and poll it again after a back-off (see {@link BatchRollback}). */
	@Bean
	BatchRollback batchRollback() {
		return new BatchRollback();
	}

	@Bean
	@ConditionalOnProperty(name = "worker.topics.create", havingValue = "true", matchIfMissing = true)
	KafkaAdmin.NewTopics workerTopics(WorkerSettings settings,
			@Value("${worker.topics.partitions:12}") int partitions,
			@Value("${worker.topics.replication-factor:1}") short replicas) {
		return new KafkaAdmin.NewTopics(topic(Topics.CALL_INITIATE, partitions, replicas),
				topic(Topics.CALL_ACTION, partitions, replicas), topic(Topics.CALL_EVENTS, partitions, replicas),
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
