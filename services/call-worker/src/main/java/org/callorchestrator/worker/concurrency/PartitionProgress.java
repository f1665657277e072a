package org.callorchestrator.worker.concurrency;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The records of each partition being worked on, and how far each partition may be
 * committed: up to (excluding) its lowest record not yet concluded. Records conclude in
 * any order; the committed offset only ever moves over a contiguous run of concluded
 * records. Not thread-safe: owned by one consumer's thread.
 */
public final class PartitionProgress {

	private enum State {

		IN_FLIGHT, DONE, ABANDONED

	}

	private final Map<TopicPartition, TreeMap<Long, State>> records = new HashMap<>();

	private final Map<TopicPartition, Long> advances = new HashMap<>();

	private int inFlight;

	/** A record was handed to a lane. */
	public void started(TopicPartition partition, long offset) {
		if (this.records.computeIfAbsent(partition, p -> new TreeMap<>()).put(offset, State.IN_FLIGHT) == null) {
			this.inFlight++;
		}
	}

	/**
	 * A record's outcome is written (or about to be, in the transaction that commits the
	 * offsets).
	 */
	public void concluded(TopicPartition partition, long offset) {
		set(partition, offset, State.DONE);
	}

	/**
	 * A record was left without an outcome (the worker is stopping): its offset, and
	 * later ones, stay uncommitted.
	 */
	public void abandoned(TopicPartition partition, long offset) {
		set(partition, offset, State.ABANDONED);
	}

	private void set(TopicPartition partition, long offset, State state) {
		TreeMap<Long, State> partitionRecords = this.records.get(partition);
		if (partitionRecords != null && partitionRecords.replace(offset, state) == State.IN_FLIGHT) {
			this.inFlight--;
		}
	}

	/**
	 * Offsets to commit now: for every partition whose first records concluded, the
	 * offset after them.
	 */
	public Map<TopicPartition, OffsetAndMetadata> committable() {
		this.records.forEach((partition, partitionRecords) -> {
			while (!partitionRecords.isEmpty() && partitionRecords.firstEntry().getValue() == State.DONE) {
				this.advances.put(partition, partitionRecords.pollFirstEntry().getKey() + 1);
			}
		});
		Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
		this.advances.forEach((partition, offset) -> offsets.put(partition, new OffsetAndMetadata(offset)));
		return offsets;
	}

	/** The offsets returned by {@link #committable()} were committed. */
	public void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
		offsets.forEach((partition, offset) -> this.advances.remove(partition, offset.offset()));
	}

	/** Records handed to lanes and not concluded, all partitions. */
	public int inFlight() {
		return this.inFlight;
	}

	/** Records handed to lanes and not concluded, in {@code partitions}. */
	public int inFlight(Collection<TopicPartition> partitions) {
		int count = 0;
		for (TopicPartition partition : partitions) {
			TreeMap<Long, State> partitionRecords = this.records.get(partition);
			if (partitionRecords != null) {
				count += (int) partitionRecords.values().stream().filter(s -> s == State.IN_FLIGHT).count();
			}
		}
		return count;
	}

	/** Drops the partitions this consumer no longer owns. */
	public void forget(Collection<TopicPartition> partitions) {
		for (TopicPartition partition : partitions) {
			TreeMap<Long, State> partitionRecords = this.records.remove(partition);
			if (partitionRecords != null) {
				this.inFlight -= (int) partitionRecords.values().stream().filter(s -> s == State.IN_FLIGHT).count();
			}
			this.advances.remove(partition);
		}
	}

}
