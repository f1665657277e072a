package org.callorchestrator.worker.reconcile;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.callorchestrator.compacted.PartitionWatch;
import org.callorchestrator.schema.CallLogRecord;
import org.callorchestrator.schema.PollerCheckpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Objects;
import java.nio.ByteBuffer;

/**
 * The recent rows of Vobiz's call logs as the log poller mirrored them into
 * {@code call.logs}, indexed for reconciliation: outbound calls by their SDP offer (with
 * channel and callee), inbound calls by call id; and how far a complete scan of the
 * poller is proven to have reached.
 *
 * <p>
 * One thread reads {@code call.logs} from {@code retention} ago (by record time, which is
 * never before a row's {@code created_at}) and the poller's checkpoint topic from its
 * start, {@code read_committed}, without a group. <b>Proof of absence.</b> The poller
 * commits a checkpoint with the rows of every ten pages it reads: every row Vobiz showed
 * when the scan started, created at or after the oldest {@code created_at} read so far,
 * is then in {@code call.logs} (and, at the end of a scan, every row of the scan's
 * window). Markers of a transaction reach its partitions one by one, so a checkpoint
 * being readable does not yet mean its rows are; but the poller's next transaction cannot
 * add a partition before the previous one completed on all of them. So on reading
 * checkpoint <i>k</i>, the index takes checkpoint <i>k-1</i>'s claims, fetches the end
 * offsets of {@code call.logs} (the last stable offsets) and, once it has read up to
 * them, holds them proven ({@link #proves}).
 *
 * <p>
 * The claims assume the poller's scan reads every row that existed when it started: rows
 * pushed to later pages while it pages are read twice, never skipped, as long as Vobiz
 * serves each page after the one before (the poller requests them in that order, a few in
 * flight; a row skipped otherwise is reported as a gap by its next scan).
 *
 * <p>
 * Depends on the poller running and reading every direction; when it is missing or lags,
 * {@link #provenThrough()} stops advancing
 * ({@code callworker_reconcile_proof_age_seconds} grows) and reconciliation falls back to
 * searching Vobiz's logs directly. A record that cannot be read is skipped and counted;
 * if the loop stops for another reason, {@link #whenStopped} listeners hear of it.
 * Thread-safe.
 */
public final class CallLogIndex implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(CallLogIndex.class);

	private static final Duration POLL = Duration.ofMillis(100);

	/** An outbound call as its log row shows it. */
	record OutboundCall(String callId, String channelId, String fromNumber, String toNumber, Instant createdAt) {
	}

	/**
	 * An inbound call's latest row, with what earlier versions proved.
	 *
	 * @param answered a version had {@code answered_at} set or status {@code accepted}:
	 * an ACCEPT took effect
	 * @param preAccepted a version had status {@code pre_accepted} (or the call was
	 * answered)
	 */
	record InboundCall(String callId, String status, boolean answered, boolean preAccepted, Instant createdAt) {
	}

	private final Map<String, Object> consumerConfig;

	private final Deserializer<Object> deserializer;

	private final String logsTopic;

	private final String checkpointTopic;

	private final Duration retention;

	private final Clock clock;

	private final Map<OfferKey, OutboundCall> outbound = new ConcurrentHashMap<>();

	private final Map<String, InboundCall> inbound = new ConcurrentHashMap<>();

	private final AtomicLong skipped = new AtomicLong();

	private final List<Consumer<Throwable>> stoppedListeners = new CopyOnWriteArrayList<>();

	private final Object changed = new Object();

	/**
	 * The proven claims: the last complete scan's start, and the scan in progress's start
	 * and reach.
	 */
	private volatile Claims proven = Claims.NONE;

	private volatile boolean running;

	/**
	 * The index read what its topics held when it started (or found that they do not
	 * exist).
	 */
	private volatile boolean loaded;

	private volatile KafkaConsumer<String, byte[]> reader;

	private volatile Thread thread;

	/**
	 * @param kafkaConfig consumer settings (bootstrap servers, security); group, offsets
	 * and deserializers are set here
	 * @param deserializer the project's Avro deserializer (specific records)
	 * @param logsTopic {@code call.logs}
	 * @param checkpointTopic the poller's checkpoint topic
	 * ({@code poller.checkpoint-topic})
	 * @param retention how far back rows are read and kept, by {@code created_at}
	 */
	public CallLogIndex(Map<String, Object> kafkaConfig, Deserializer<Object> deserializer, String logsTopic,
			String checkpointTopic, Duration retention, Clock clock, MeterRegistry registry) {
		Map<String, Object> config = new HashMap<>(kafkaConfig);
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		config.remove(ConsumerConfig.GROUP_ID_CONFIG);
		config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		this.consumerConfig = config;
		this.deserializer = deserializer;
		this.logsTopic = logsTopic;
		this.checkpointTopic = checkpointTopic;
		this.retention = retention;
		this.clock = clock;
		Gauge.builder("callworker.reconcile.proof_age", this, CallLogIndex::proofAgeSeconds)
			.description("Seconds since the start of the log poller's last complete scan the worker has fully read "
					+ "(absence of a call is proven only for requests older than that); NaN before the first")
			.baseUnit("seconds")
			.register(registry);
		Gauge.builder("callworker.reconcile.indexed_calls", this, index -> index.outbound.size() + index.inbound.size())
			.description("Calls of call.logs held for reconciliation")
			.register(registry);
		FunctionCounter.builder("callworker.reconcile.skipped", this.skipped, AtomicLong::get)
			.description(
					"Records of call.logs or of the poller's checkpoint topic skipped because they could not be read")
			.register(registry);
	}

	/**
	 * Starts reading on its own thread (returns at once; the topics need not exist yet).
	 */
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		this.reader = new KafkaConsumer<>(this.consumerConfig);
		this.thread = new Thread(this::readForever, "call-log-index");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/**
	 * Calls {@code listener} with the cause if the reading loop stops other than by
	 * {@link #close()}.
	 */
	public void whenStopped(Consumer<Throwable> listener) {
		this.stoppedListeners.add(listener);
	}

	/** Records skipped because they could not be read. */
	public long skipped() {
		return this.skipped.get();
	}

	/**
	 * The outbound call created for this offer to this number on this channel, if the
	 * index holds it.
	 */
	Optional<OutboundCall> outbound(String channelId, String to, String sdpOffer) {
		OutboundCall call = this.outbound.get(OfferKey.of(sdpOffer));
		return (call != null && call.channelId().equals(channelId) && Objects.equals(call.toNumber(), to))
				? Optional.of(call) : Optional.empty();
	}

	/** The inbound call's latest row, if the index holds it. */
	Optional<InboundCall> inbound(String callId) {
		return Optional.ofNullable(this.inbound.get(callId));
	}

	/**
	 * Whether every call of {@code direction} created at or after {@code createdSince}
	 * that Vobiz's logs showed at {@code instant} (poller clock) is in the index — a call
	 * not found is then proven absent.
	 */
	boolean proves(Instant instant, Instant createdSince, String direction) {
		return this.proven.prove(instant, createdSince, direction);
	}

	/** Oldest {@code created_at} whose rows the index is sure to hold. */
	Instant horizon() {
		return this.clock.instant().minus(this.retention);
	}

	/**
	 * Waits until {@code answer} gives a value (re-asked whenever the index changes, and
	 * at least every 100 ms) or {@code timeout} passes.
	 */
	<T> Optional<T> await(Supplier<Optional<T>> answer, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			Optional<T> value = answer.get();
			long left = deadline - System.nanoTime();
			if (value.isPresent() || left <= 0 || !this.running) {
				return value;
			}
			synchronized (this.changed) {
				try {
					this.changed.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 100)));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return Optional.empty();
				}
			}
		}
	}

	/**
	 * Whether waiting on the index is pointless: it has loaded, and no complete scan of
	 * the poller started within {@code maxAge} (the poller is not deployed, down, or
	 * lagging that far). False while it loads.
	 */
	boolean stale(Duration maxAge) {
		Instant newest = provenThrough();
		return !this.running
				|| (this.loaded && (newest == null || newest.isBefore(this.clock.instant().minus(maxAge))));
	}

	/**
	 * The start of the newest poller scan whose reading this index holds proven (poller
	 * clock), null before one.
	 */
	Instant provenThrough() {
		return this.proven.newestScan();
	}

	private double proofAgeSeconds() {
		Instant newest = provenThrough();
		return (newest == null) ? Double.NaN : Duration.between(newest, this.clock.instant()).toMillis() / 1000.0;
	}

	private void readForever() {
		KafkaConsumer<String, byte[]> consumer = this.reader;
		try {
			List<TopicPartition> logs = awaitPartitions(consumer, this.logsTopic);
			List<TopicPartition> checkpoint = awaitPartitions(consumer, this.checkpointTopic);
			if (!this.running) {
				return;
			}
			Map<TopicPartition, Long> startEnd = new HashMap<>(consumer.endOffsets(logs));
			startEnd.putAll(consumer.endOffsets(checkpoint));
			List<TopicPartition> all = new ArrayList<>(logs);
			all.addAll(checkpoint);
			consumer.assign(all);
			seekToRetention(consumer, logs, startEnd);
			consumer.seekToBeginning(checkpoint);
			log.info("Reading {} from {} ago and {} for reconciliation", this.logsTopic, this.retention,
					this.checkpointTopic);
			PollerCheckpoint previous = null;
			Proof pending = null;
			long lastSweep = System.nanoTime();
			PartitionWatch watch = new PartitionWatch(this.logsTopic);
			while (this.running) {
				List<TopicPartition> added = watch.newPartitions(consumer, logs);
				if (!added.isEmpty()) {
					logs = withPartitions(consumer, logs, added, checkpoint);
				}
				boolean any = false;
				for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
					any = true;
					if (record.topic().equals(this.checkpointTopic)) {
						PollerCheckpoint read = checkpoint(record);
						if (read == null) {
							continue;
						}
						// the previous checkpoint's transaction completed on every
						// partition before this one began
						if (previous != null && pending == null) {
							pending = new Proof(previous, consumer.endOffsets(logs));
						}
						previous = read;
					}
					else {
						apply(record);
					}
				}
				if (!this.loaded && new Proof(null, startEnd).reached(consumer)) {
					this.loaded = true;
					any = true;
					log.info("Call-log index loaded: {} calls, newest poller scan proven read started {}",
							this.outbound.size() + this.inbound.size(), provenThrough());
				}
				if (pending != null && pending.reached(consumer)) {
					this.proven = this.proven.with(pending.checkpoint());
					pending = null;
					any = true;
				}
				if (any) {
					synchronized (this.changed) {
						this.changed.notifyAll();
					}
				}
				if (System.nanoTime() - lastSweep > TimeUnit.MINUTES.toNanos(1)) {
					sweep();
					lastSweep = System.nanoTime();
				}
			}
		}
		catch (WakeupException ex) {
			// closing
		}
		catch (RuntimeException | Error ex) {
			log.error("The call-log index stopped reading", ex);
			this.running = false;
			this.stoppedListeners.forEach(listener -> listener.accept(ex));
		}
		finally {
			consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
		}
	}

	private PollerCheckpoint checkpoint(ConsumerRecord<String, byte[]> record) {
		if (!PollerCheckpoint.KEY.equals(record.key()) || record.value() == null) {
			return null;
		}
		try {
			return PollerCheckpoint.decode(record.value());
		}
		catch (RuntimeException ex) {
			skip(record, ex);
			return null;
		}
	}

	private void apply(ConsumerRecord<String, byte[]> record) {
		if (record.value() == null) {
			return;
		}
		CallLogRecord row;
		try {
			Object value = this.deserializer.deserialize(record.topic(), record.headers(), record.value());
			row = (CallLogRecord) value;
		}
		catch (RuntimeException ex) {
			skip(record, ex);
			return;
		}
		if (row.getCreatedAt().isBefore(horizon())) {
			return;
		}
		if ("outbound".equalsIgnoreCase(row.getDirection())) {
			if (row.getOfferSdp() != null) {
				this.outbound.put(OfferKey.of(row.getOfferSdp()), new OutboundCall(row.getId(), row.getChannelId(),
						row.getFromNumber(), row.getToNumber(), row.getCreatedAt()));
			}
		}
		else if ("inbound".equalsIgnoreCase(row.getDirection())) {
			boolean answered = row.getAnsweredAt() != null || "accepted".equalsIgnoreCase(row.getStatus());
			boolean preAccepted = answered || "pre_accepted".equalsIgnoreCase(row.getStatus());
			this.inbound.merge(row.getId(),
					new InboundCall(row.getId(), row.getStatus(), answered, preAccepted, row.getCreatedAt()),
					(was, now) -> new InboundCall(now.callId(), now.status(), was.answered() || now.answered(),
							was.preAccepted() || now.preAccepted(), now.createdAt()));
		}
	}

	private void skip(ConsumerRecord<String, byte[]> record, RuntimeException ex) {
		this.skipped.incrementAndGet();
		log.warn("Call-log index: skipping the record at {}-{}@{} (key {}) that cannot be read: {}", record.topic(),
				record.partition(), record.offset(), record.key(), ex.toString());
	}

	private void sweep() {
		Instant horizon = horizon();
		this.outbound.values().removeIf(call -> call.createdAt().isBefore(horizon));
		this.inbound.values().removeIf(call -> call.createdAt().isBefore(horizon));
	}

	/**
	 * Positions each of {@code partitions} at its first record within the retention, or —
	 * none there — at {@code ends}, its end offset read before this query: an explicit
	 * offset, never a lazy seek to the end, which is resolved only at the next poll and
	 * would skip a record written in between (a partition empty at start-up, then written
	 * to).
	 */
	private void seekToRetention(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions,
			Map<TopicPartition, Long> ends) {
		long since = horizon().toEpochMilli();
		Map<TopicPartition, Long> query = new HashMap<>();
		partitions.forEach(partition -> query.put(partition, since));
		Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
		for (TopicPartition partition : partitions) {
			OffsetAndTimestamp offset = found.get(partition);
			if (offset != null) {
				consumer.seek(partition, offset.offset());
			}
			else {
				consumer.seek(partition, ends.get(partition));
			}
		}
	}

	/**
	 * {@code logs} and {@code added} (read from their beginning), {@code checkpoint}
	 * still assigned.
	 */
	private List<TopicPartition> withPartitions(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> logs,
			List<TopicPartition> added, List<TopicPartition> checkpoint) {
		List<TopicPartition> all = new ArrayList<>(logs);
		all.addAll(added);
		List<TopicPartition> assigned = new ArrayList<>(all);
		assigned.addAll(checkpoint);
		consumer.assign(assigned);
		consumer.seekToBeginning(added);
		log.info("Reading {} more partitions of {} from their beginning ({} in all)", added.size(), this.logsTopic,
				all.size());
		return all;
	}

	/**
	 * The topic's partitions, waiting (while running) until it exists: the poller may be
	 * deployed after the worker.
	 */
	private List<TopicPartition> awaitPartitions(KafkaConsumer<String, byte[]> consumer, String topic) {
		boolean told = false;
		while (this.running) {
			List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
			if (infos != null && !infos.isEmpty()) {
				return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
			}
			this.loaded = true;
			if (!told) {
				log.warn("Topic {} does not exist (yet): calls whose outcome is unknown are searched in Vobiz's logs "
						+ "directly until the log poller runs", topic);
				told = true;
			}
			sleep(2000);
		}
		return List.of();
	}

	@Override
	public synchronized void close() {
		this.running = false;
		KafkaConsumer<String, byte[]> consumer = this.reader;
		if (consumer != null) {
			consumer.wakeup();
		}
		Thread reading = this.thread;
		if (reading != null) {
			try {
				reading.join(5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * What the proven checkpoints claim.
	 *
	 * @param complete start of the last complete scan (every row of its window read), or
	 * null
	 * @param scan start of the scan in progress at the last proven checkpoint, or null
	 * @param reached oldest created_at that scan had read, or null
	 * @param direction the only direction the poller reads, null for every call
	 */
	private record Claims(Instant complete, Instant scan, Instant reached, String direction) {

		static final Claims NONE = new Claims(null, null, null, null);

		Claims with(PollerCheckpoint checkpoint) {
			Instant complete = (checkpoint.completeScanStartedAt() != null) ? checkpoint.completeScanStartedAt()
					: this.complete;
			boolean inProgress = checkpoint.scanStartedAt() != null && checkpoint.scanReached() != null;
			return new Claims(complete, inProgress ? checkpoint.scanStartedAt() : this.scan,
					inProgress ? checkpoint.scanReached() : this.reached, checkpoint.direction());
		}

		boolean prove(Instant instant, Instant createdSince, String callDirection) {
			if (this.direction != null && !this.direction.equalsIgnoreCase(callDirection)) {
				return false;
			}
			boolean byComplete = this.complete != null && !this.complete.isBefore(instant);
			boolean byScan = this.scan != null && !this.scan.isBefore(instant) && !this.reached.isAfter(createdSince);
			return byComplete || byScan;
		}

		Instant newestScan() {
			if (this.scan == null) {
				return this.complete;
			}
			return (this.complete == null || this.scan.isAfter(this.complete)) ? this.scan : this.complete;
		}
	}

	/**
	 * A checkpoint whose rows are all read once the index reached {@code target} on every
	 * partition.
	 */
	private record Proof(PollerCheckpoint checkpoint, Map<TopicPartition, Long> target) {

		boolean reached(KafkaConsumer<String, byte[]> consumer) {
			return this.target.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
		}
	}

	/** SHA-256 of an SDP offer, 128 bits kept: the index holds no offer text. */
	private record OfferKey(long high, long low) {

		static OfferKey of(String sdp) {
			try {
				byte[] digest = MessageDigest.getInstance("SHA-256").digest(sdp.getBytes(StandardCharsets.UTF_8));
				ByteBuffer buffer = ByteBuffer.wrap(digest);
				return new OfferKey(buffer.getLong(), buffer.getLong());
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}
	}

}
