package org.callorchestrator.bench;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * A consumer polled on its own daemon thread, each record handed to {@code each}, until
 * closed.
 */
public final class PollingThread<K, V> implements AutoCloseable {

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final Thread thread;

	public PollingThread(String name, KafkaConsumer<K, V> consumer, Consumer<ConsumerRecord<K, V>> each) {
		this.thread = new Thread(() -> {
			try (consumer) {
				while (this.running.get()) {
					for (ConsumerRecord<K, V> record : consumer.poll(Duration.ofMillis(100))) {
						each.accept(record);
					}
				}
			}
		}, name);
		this.thread.setDaemon(true);
		this.thread.start();
	}

	@Override
	public void close() {
		this.running.set(false);
		try {
			this.thread.join(5000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
