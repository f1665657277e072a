package org.callorchestrator.ingress.mapping;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.callorchestrator.compacted.CompactedTopicView;
import org.callorchestrator.ingress.IngressSettings;
import org.callorchestrator.schema.CallLogRecord;
import org.callorchestrator.schema.Topics;
import org.callorchestrator.serde.SchemaRegistryAvroDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * The wacid → call mappings the log poller publishes: {@code call.logs}
 * ({@code CallLogRecord}, keyed by the log id, which is the call_id) read through a
 * {@link CompactedTopicView}, indexed by {@code meta_call_id}. Only calls created within
 * {@code ingress.mapping.call-logs-horizon} are kept (webhooks concern live calls).
 * Nothing is written here: every instance reads the same topic. Start-up does not wait
 * longer than 30 s for a large topic; mappings then arrive as the view reads on. Disabled
 * with {@code ingress.mapping.from-call-logs=false}. Thread-safe.
 */
@Component
public class LoggedCalls implements InitializingBean, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(LoggedCalls.class);

	private final Map<String, CallRef> byWacid = new ConcurrentHashMap<>();

	private final AtomicLong indexed = new AtomicLong();

	private final boolean enabled;

	private final Duration horizon;

	private final Clock clock;

	private final CompactedTopicView<CallRef> logs;

	public LoggedCalls(IngressSettings settings, ConsumerFactory<?, ?> consumers, Clock clock) {
		this.enabled = settings.mapping().fromCallLogs();
		this.horizon = settings.mapping().callLogsHorizon();
		this.clock = clock;
		Map<String, Object> consumer = consumers.getConfigurationProperties();
		SchemaRegistryAvroDeserializer deserializer = new SchemaRegistryAvroDeserializer();
		Map<String, Object> serde = new HashMap<>(consumer);
		serde.put("specific.avro.reader", "true");
		deserializer.configure(serde, false);
		this.logs = new CompactedTopicView<>(Topics.CALL_LOGS, consumer,
				(key, bytes) -> decode(key, bytes, deserializer), CallRef::learnedAt, (current, incoming) -> incoming,
				this.horizon, clock);
	}

	@Override
	public void afterPropertiesSet() {
		if (!this.enabled) {
			return;
		}
		try {
			this.logs.start(Duration.ofSeconds(30));
		}
		catch (IllegalStateException ex) {
			log.warn("{} not read to its end at start-up ({}): its mappings arrive as the view reads on",
					Topics.CALL_LOGS, ex.getMessage());
		}
	}

	/**
	 * The call of {@code wacid} if the log poller has published it (within the horizon).
	 */
	public Optional<CallRef> find(String wacid) {
		CallRef ref = this.byWacid.get(wacid);
		if (ref != null && expired(ref)) {
			this.byWacid.remove(wacid, ref);
			return Optional.empty();
		}
		return Optional.ofNullable(ref);
	}

	/**
	 * A record that cannot be read throws: the view skips, logs and counts it (never
	 * fatal; {@link #skipped()}), and what it held for the key stays.
	 */
	private CallRef decode(String logId, byte[] bytes, SchemaRegistryAvroDeserializer deserializer) {
		return index(logId, deserializer.deserialize(Topics.CALL_LOGS, bytes));
	}

	private CallRef index(String logId, Object value) {
		if (!(value instanceof CallLogRecord record)) {
			return new CallRef(logId, null, Instant.EPOCH);
		}
		CallRef ref = new CallRef(record.getId(), record.getChannelId(), record.getCreatedAt());
		if (record.getMetaCallId() != null && !expired(ref)) {
			this.byWacid.put(record.getMetaCallId(), ref);
			if (this.indexed.incrementAndGet() % 10_000 == 0) {
				this.byWacid.values().removeIf(this::expired);
			}
		}
		return ref;
	}

	private boolean expired(CallRef ref) {
		return ref.learnedAt().isBefore(this.clock.instant().minus(this.horizon));
	}

	/** Records of its topic skipped because they could not be read (never fatal). */
	public long skipped() {
		return this.logs.skipped();
	}

	/** Calls {@code listener} when its reading loop stops other than by a close. */
	public void whenStopped(Consumer<Throwable> listener) {
		this.logs.whenStopped(listener);
	}

	@Override
	public void destroy() {
		this.logs.close();
	}

}
