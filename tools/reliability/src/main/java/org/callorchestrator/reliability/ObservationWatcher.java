package org.callorchestrator.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.callorchestrator.bench.AvroTail;
import org.callorchestrator.bench.PollingThread;
import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.Topics;

/**
 * Reads the webhook ingress's {@code webhook-ingress.observations} (read_committed, from
 * its end when started) and remembers how many observations it published per Meta call id
 * (wacid): one per valid delivery, whatever Vobiz redelivered.
 */
final class ObservationWatcher implements AutoCloseable {

	private final Map<String, List<Long>> byMetaCall = new ConcurrentHashMap<>();

	private final PollingThread<String, byte[]> reader;

	ObservationWatcher(String bootstrapServers, String registryUrl) {
		this.reader = AvroTail.fromTheEnd("observation-watcher", bootstrapServers, registryUrl,
				List.of(Topics.WEBHOOK_OBSERVATIONS), (record, value) -> {
					CallEvent observation = (CallEvent) value;
					if (observation.getMetaCallId() != null) {
						this.byMetaCall.computeIfAbsent(observation.getMetaCallId(), id -> new ArrayList<>(1))
							.add(record.offset());
					}
				});
	}

	/** Observations published for Meta's call {@code wacid}. */
	int of(String wacid) {
		return this.byMetaCall.getOrDefault(wacid, List.of()).size();
	}

	@Override
	public void close() {
		this.reader.close();
	}

}
