package org.callorchestrator.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.callorchestrator.bench.AvroTail;
import org.callorchestrator.bench.PollingThread;
import org.callorchestrator.schema.CallLogRecord;
import org.callorchestrator.schema.Topics;

/**
 * Reads {@code call.logs} (read_committed, from its end) and remembers every version
 * emitted per call id.
 */
final class CallLogWatcher implements AutoCloseable {

	private final Map<String, List<Long>> versions = new ConcurrentHashMap<>();

	private final PollingThread<String, byte[]> reader;

	CallLogWatcher(String bootstrapServers, String registryUrl) {
		this.reader = AvroTail.fromTheEnd("call-log-watcher", bootstrapServers, registryUrl, List.of(Topics.CALL_LOGS),
				(record, value) -> {
					CallLogRecord log = (CallLogRecord) value;
					this.versions.computeIfAbsent(log.getId(), id -> new ArrayList<>(2)).add(log.getUpdatedAtMicros());
				});
	}

	/** Call ids with at least one record. */
	int calls() {
		return this.versions.size();
	}

	boolean has(String callId) {
		return this.versions.containsKey(callId);
	}

	/** Versions (id, updated_at) emitted more than once. */
	long duplicateVersions() {
		return this.versions.values().stream().mapToLong(list -> list.size() - list.stream().distinct().count()).sum();
	}

	@Override
	public void close() {
		this.reader.close();
	}

}
