package org.callorchestrator.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.callorchestrator.schema.CommandResult;
import org.callorchestrator.schema.Topics;

/**
 * Reads {@code call.command-results} (read_committed, from its end when started) on its
 * own thread and remembers, per command id, each {@link CommandResult}'s status and the
 * moment it was seen here. The worker publishes exactly one result per command: a command
 * with none was lost, a command with two was doubled.
 */
public final class ResultWatcher implements AutoCloseable {

	private final Map<String, List<Seen>> byCommand = new ConcurrentHashMap<>();

	private final PollingThread<String, byte[]> reader;

	public ResultWatcher(String bootstrapServers, String registryUrl) {
		this.reader = AvroTail.fromTheEnd("result-watcher", bootstrapServers, registryUrl,
				List.of(Topics.CALL_COMMAND_RESULTS), (record, value) -> {
					long now = System.nanoTime();
					CommandResult result = (CommandResult) value;
					this.byCommand.computeIfAbsent(result.getCommandId(), id -> new ArrayList<>(1))
						.add(new Seen(result.getCallId(),
								(result.getStatus() != null) ? result.getStatus().name() : null, result.getSucceeded(),
								now, record.partition(), record.offset(), record.timestamp(),
								System.currentTimeMillis()));
				});
	}

	/**
	 * Assigns every partition of {@code topics} to {@code consumer}, positioned at their
	 * end.
	 */
	public static void fromTheEnd(KafkaConsumer<?, ?> consumer, List<String> topics) {
		List<TopicPartition> partitions = topics.stream()
			.flatMap(topic -> consumer.partitionsFor(topic).stream())
			.map(p -> new TopicPartition(p.topic(), p.partition()))
			.toList();
		consumer.assign(partitions);
		consumer.seekToEnd(partitions);
		partitions.forEach(consumer::position);
	}

	/**
	 * Whether the results of a PRE_ACCEPT → ACCEPT → TERMINATE sequence (their command
	 * ids, in order) are not exactly PRE_ACCEPTED, ACCEPTED, TERMINATED, succeeded, once
	 * each, in offset order (one call: one partition).
	 */
	public boolean outOfOrder(List<String> sequence) {
		List<String> expected = List.of("PRE_ACCEPTED", "ACCEPTED", "TERMINATED");
		long lastOffset = -1;
		for (int i = 0; i < sequence.size(); i++) {
			List<Seen> seen = of(sequence.get(i));
			if (seen.size() != 1 || !seen.get(0).succeeded() || !expected.get(i).equals(seen.get(0).status())
					|| seen.get(0).offset() <= lastOffset) {
				return true;
			}
			lastOffset = seen.get(0).offset();
		}
		return false;
	}

	/** The results seen for {@code commandId} (more than one: doubled). */
	public List<Seen> of(String commandId) {
		return this.byCommand.getOrDefault(commandId, List.of());
	}

	/** How many of {@code commandIds} have a result so far. */
	public long concluded(List<String> commandIds) {
		return List.copyOf(commandIds).stream().filter(id -> !of(id).isEmpty()).count();
	}

	/**
	 * Waits until at least {@code target} of {@code commandIds} have a result and returns
	 * how many have; after {@code timeout} it throws instead, so a stuck worker fails the
	 * scenario ({@code what}) rather than hanging it.
	 */
	public long awaitConcluded(List<String> commandIds, long target, Duration timeout, String what) {
		long deadline = System.nanoTime() + timeout.toNanos();
		long concluded;
		while ((concluded = concluded(commandIds)) < target) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(
						String.format("%s: %,d of the %,d commands awaited had a result " + "within %s", what,
								concluded, target, timeout));
			}
			ChildProcess.sleep(Duration.ofMillis(20));
		}
		return concluded;
	}

	/**
	 * Waits until every command id has at least one result, or the timeout; returns how
	 * many have none.
	 */
	public long awaitAll(List<String> commandIds, Duration timeout, String what) {
		long deadline = System.nanoTime() + timeout.toNanos();
		long lastReport = System.nanoTime();
		while (true) {
			long missing = commandIds.stream().filter(id -> !this.byCommand.containsKey(id)).count();
			if (missing == 0 || System.nanoTime() > deadline) {
				return missing;
			}
			if (System.nanoTime() - lastReport > 5_000_000_000L) {
				System.out.printf("  %s: %,d of %,d commands have their result%n", what, commandIds.size() - missing,
						commandIds.size());
				lastReport = System.nanoTime();
			}
			ChildProcess.sleep(Duration.ofMillis(50));
		}
	}

	@Override
	public void close() {
		this.reader.close();
	}

	/**
	 * One command result as seen by the benchmark.
	 *
	 * @param callId its call (null when an initiate failed before a call existed)
	 * @param status the status the command led to; null when it failed
	 * @param succeeded whether Vobiz applied the command
	 * @param seenNanos {@link System#nanoTime()} when it was read
	 * @param partition its partition
	 * @param offset its offset
	 * @param writtenMillis its record timestamp: when the worker sent it (inside its
	 * transaction)
	 * @param seenMillis wall-clock time it was read here
	 */
	public record Seen(String callId, String status, boolean succeeded, long seenNanos, int partition, long offset,
			long writtenMillis, long seenMillis) {
	}

}
