package org.callorchestrator.tryit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.callorchestrator.cli.KafkaOptions;
import org.callorchestrator.serde.SchemaRegistryAvroSerializer;

/**
 * Sends one command as a producer team would: String key, Avro value through the registry
 * (TopicNameStrategy), {@code acks=all}, idempotent; returns only once the broker
 * acknowledged it, or fails within {@link #TIMEOUT}.
 */
final class CommandSender {

	/** How long an absent broker may keep the user waiting. */
	static final Duration TIMEOUT = Duration.ofSeconds(10);

	private CommandSender() {
	}

	/** Sends {@code command} keyed by {@code key} and returns where it landed. */
	static RecordMetadata send(KafkaOptions options, String topic, String key, SpecificRecord command) {
		Map<String, Object> config = options.kafka();
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		config.put(ProducerConfig.CLIENT_ID_CONFIG, "try-it");
		config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TIMEOUT.toMillis());
		config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis() / 2);
		config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
		SchemaRegistryAvroSerializer serializer = new SchemaRegistryAvroSerializer();
		serializer.configure(config, false);
		KafkaProducer<String, Object> producer = new KafkaProducer<>(config, new StringSerializer(), serializer);
		try {
			return producer.send(new ProducerRecord<>(topic, key, command))
				.get(TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new Failure("interrupted while sending to " + topic);
		}
		// fully qualified: the JDK's and Kafka's
		catch (ExecutionException | java.util.concurrent.TimeoutException | TimeoutException ex) {
			throw new Failure("Kafka at " + options.bootstrapServers() + " did not acknowledge the command on " + topic
					+ " within " + TIMEOUT.toSeconds() + " s: " + Failure.rootMessage(ex) + Failure.HINT);
		}
		finally {
			producer.close(Duration.ofSeconds(2));
		}
	}

}
