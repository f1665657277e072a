package org.callorchestrator.poller;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.callorchestrator.schema.CallLogRecord;
import org.callorchestrator.schema.Topics;
import org.callorchestrator.vobiz.CallLog;
import org.callorchestrator.vobiz.CallLogPage;
import org.callorchestrator.vobiz.CallLogsQuery;
import org.callorchestrator.vobiz.VobizClient;
import org.callorchestrator.vobiz.VobizOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The poller loop, on one thread. Invariants:
 * <ul>
 * <li><b>One active instance.</b> Every instance joins the consumer group
 * {@code poller.group-id} on the one-partition checkpoint topic; only the member assigned
 * that partition scans. On assignment it opens a transactional producer with the stable
 * {@code poller.transactional-id}, which fences a previous active instance that has not
 * noticed it lost the partition. A standby takes over when the active one leaves or
 * misses its session timeout (10 s).</li>
 * <li><b>Scan.</b> Pages newest first from page 1 down to its floor: the last complete
 * scan's newest {@code created_at} minus {@code poller.reread-margin}, or the oldest row
 * that can still change if older — a live status, or a final one reached less than
 * {@code poller.settle-time} ago. Rows that can still change but were created more than
 * {@code poller.deep-after} before the newest are looked up instead
 * ({@link DeepRowLookup}: the listing filtered by their status, then their position), so
 * the pages read follow the rows that can change, not the history since the oldest of
 * them. A version is emitted when its id is new or its {@code updated_at} is newer than
 * the last emitted; rows pushed onto later pages by new calls during a scan are read
 * twice and suppressed, never skipped: a page whose {@code total} is lower than the page
 * before's was served before it (pages are fetched a few at a time) and is read
 * again.</li>
 * <li><b>Exactly once.</b> Every ten pages' records and the checkpoint commit in one
 * Kafka transaction, the scan's last ones with its completed checkpoint. After a restart
 * or failover the versions emitted for rows created within {@code poller.overlap} are
 * rebuilt from {@code call.logs} itself (records stamped since then), so a re-walk emits
 * nothing twice and the rows that can still change are known again.</li>
 * <li><b>Gaps.</b> A row of the walk's window emitted before but absent from a complete
 * scan, or a row that can still change found nowhere, is counted and logged.</li>
 * <li><b>Memory</b> holds the versions of the rows that can still change and of the last
 * walk's window, whatever the history length.</li>
 * <li><b>Pace.</b> {@code GET /logs} requests are held to
 * {@code poller.vobiz.logs-per-second}; the next scan starts after
 * {@code poller.busy-interval} when one found a page or more of new rows, after
 * {@code poller.idle-interval} otherwise.</li>
 * </ul>
 */
public final class LogPoller implements Runnable, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(LogPoller.class);

	private static final Duration POLL = Duration.ofMillis(100);

	/**
	 * Pages fetched ahead while the current one is processed (and while a transaction
	 * commits).
	 */
	private static final int LOOKAHEAD = 8;

	/**
	 * Pages whose records commit in one transaction (the last page of a scan always
	 * commits).
	 */
	private static final int PAGES_PER_TRANSACTION = 10;

	private final PollerSettings settings;

	private final VobizClient vobiz;

	private final Map<String, Object> kafka;

	private final Serializer<Object> serializer;

	private final PollerMetrics metrics;

	private final Clock clock;

	private final KnownVersions known = new KnownVersions();

	/**
	 * The waits after a page Vobiz did not serve (5xx, timeout, 429 without Retry-After):
	 * 200 ms doubling to {@code poller.max-backoff}, without end; each walk starts its
	 * own execution, anew after a page it was served.
	 */
	private final ExponentialBackOff backOff;

	private final KafkaConsumer<String, byte[]> membership;

	private volatile boolean running = true;

	private volatile boolean active;

	private KafkaProducer<String, byte[]> producer;

	private Checkpoint checkpoint = Checkpoint.none();

	private Thread thread;

	private final List<Consumer<Throwable>> stoppedListeners = new CopyOnWriteArrayList<>();

	LogPoller(PollerSettings settings, VobizClient vobiz, Map<String, Object> kafka, Serializer<Object> serializer,
			PollerMetrics metrics, Clock clock) {
		this.settings = settings;
		this.vobiz = vobiz;
		this.kafka = kafka;
		this.serializer = serializer;
		this.metrics = metrics;
		this.clock = clock;
		this.backOff = new ExponentialBackOff(200, 2.0);
		this.backOff.setMaxInterval(settings.maxBackoff().toMillis());
		Map<String, Object> consumer = new HashMap<>(kafka);
		consumer.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
		consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		consumer.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
		consumer.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000);
		consumer.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 300_000);
		this.membership = new KafkaConsumer<>(consumer, new StringDeserializer(), new ByteArrayDeserializer());
	}

	/** Starts the loop on its own thread. */
	public void start() {
		this.thread = new Thread(this, "log-poller");
		this.thread.start();
	}

	/**
	 * Calls {@code listener} with the cause if the loop stops other than by
	 * {@link #close()}.
	 */
	public void whenStopped(Consumer<Throwable> listener) {
		this.stoppedListeners.add(listener);
	}

	/** Whether this instance is the active poller now. */
	public boolean isActive() {
		return this.active;
	}

	@Override
	public void run() {
		try {
			this.membership.subscribe(List.of(this.settings.checkpointTopic()), new Election());
			while (this.running) {
				this.membership.poll(POLL);
				if (this.active) {
					boolean busy = scan();
					idle(busy ? this.settings.busyInterval() : this.settings.idleInterval());
				}
			}
		}
		catch (WakeupException ex) {
			// closing
		}
		catch (RuntimeException | Error ex) {
			log.error("Log poller stopped while the application runs", ex);
			this.stoppedListeners.forEach(listener -> listener.accept(ex));
		}
		finally {
			deactivate();
			this.membership.close(CloseOptions.timeout(Duration.ofSeconds(5)));
		}
	}

	/**
	 * One scan: the walk from page 1 down to its floor, then the look-up of the rows
	 * below the floor that can still change; returns whether it found at least a page of
	 * new rows (so the next one starts soon).
	 */
	boolean scan() {
		long started = System.nanoTime();
		Instant now = this.clock.instant();
		Instant scanStartedAt = (this.checkpoint.scanStartedAt() != null) ? this.checkpoint.scanStartedAt()
				: now.minusSeconds(1);
		Window window = Window.of(this.checkpoint.highWater(), now, this.settings, this.known);
		Instant newest = this.checkpoint.highWater();
		Set<String> seen = new HashSet<>();
		int emitted = 0;
		int pages = 0;
		int newRows = 0;
		long total = 0;
		BackOffExecution failures = null;
		PageFetcher fetcher = new PageFetcher(this.vobiz, this.settings.pageSize(), this.settings.direction(),
				LOOKAHEAD);
		List<ProducerRecord<String, byte[]>> batch = new ArrayList<>();
		int batchPages = 0;
		// the oldest created_at read since this walk started at page 1: what its
		// checkpoints prove read
		Instant reached = null;
		// the listing's size when the page before was served: a later page must not have
		// been served earlier
		long previousTotal = 0;
		int refetchedPage = 0;
		for (int page = 1; this.running && this.active;) {
			VobizOutcome<CallLogPage> outcome = fetcher.page(page);
			if (!(outcome instanceof VobizOutcome.Success<CallLogPage> success)) {
				fetcher.reset();
				failures = (failures != null) ? failures : this.backOff.start();
				idle(wait(outcome, failures));
				continue;
			}
			failures = null;
			pages++;
			this.metrics.pages.increment();
			CallLogPage logs = success.body();
			if (page > 1 && logs.total() < previousTotal && refetchedPage != page) {
				// served before the page above it (pages are in flight together): a row
				// pushed down from that page in
				// between would be on neither — read it again, now after that one
				this.metrics.reordered.increment();
				fetcher.reset();
				refetchedPage = page;
				continue;
			}
			previousTotal = logs.total();
			if (page == 1) {
				total = logs.total();
			}
			boolean last = !logs.hasMore() || logs.items().isEmpty();
			List<CallLog> items = logs.items();
			for (int i = 0; i < items.size(); i++) {
				CallLog row = items.get(i);
				reached = (reached == null || row.createdAt().isBefore(reached)) ? row.createdAt() : reached;
				long created = row.createdAt().toEpochMilli();
				if (created < window.floor()) {
					last = true;
					continue;
				}
				newest = (newest == null || row.createdAt().isAfter(newest)) ? row.createdAt() : newest;
				// every row read counts as seen, emitted or not: an unchanged live call
				// is no gap
				seen.add(row.id());
				long offset = (long) (page - 1) * this.settings.pageSize() + i;
				Version version = version(row, created >= window.expiredBefore(), offset, logs.total());
				if (version == Version.KNOWN) {
					continue;
				}
				newRows += (version == Version.NEW_ROW) ? 1 : 0;
				batch.add(record(row));
			}
			batchPages++;
			if (last) {
				break;
			}
			if (batchPages >= PAGES_PER_TRANSACTION) {
				// always with the checkpoint: the call worker proves calls absent by how
				// far the scan has read
				emitted += commit(batch, this.checkpoint.inProgress(scanStartedAt, reached));
				batchPages = 0;
				this.membership.poll(Duration.ZERO);
			}
			page++;
		}
		fetcher.reset();
		if (this.running && this.active) {
			pages += lookUpDeepRows(window, total, seen, batch);
		}
		if (this.running && this.active) {
			Checkpoint completed = Checkpoint.completed(newest, scanStartedAt, this.settings.direction());
			emitted += commit(batch, completed);
			this.checkpoint = completed;
			reportGaps(window, newest, seen);
		}
		this.metrics.scan.record(Duration.ofNanos(System.nanoTime() - started));
		this.metrics.scanPages.record(pages);
		this.metrics.scanned(this.known.changeable(window.expiredBefore(), window.settledBefore()),
				window.deep().size());
		return newRows >= this.settings.pageSize();
	}

	/**
	 * The rows below the walk's floor that can still change: their current versions,
	 * looked up by status and then by position, join the scan's last transaction; a row
	 * found nowhere is a gap. Returns the requests made.
	 */
	private int lookUpDeepRows(Window window, long total, Set<String> seen,
			List<ProducerRecord<String, byte[]>> batch) {
		if (window.deep().isEmpty()) {
			return 0;
		}
		DeepRowLookup lookup = new DeepRowLookup(this::pageOrWait, this.settings.pageSize(), this.settings.direction());
		Map<String, DeepRowLookup.Found> found = lookup.find(window.deep(), total);
		if (!this.running || !this.active) {
			return lookup.requests();
		}
		for (KnownVersions.Known deep : window.deep()) {
			DeepRowLookup.Found current = found.get(deep.id);
			if (current == null) {
				this.metrics.gaps.increment();
				log.warn("Gap: row {} (created {}, last {}) can still change but is listed nowhere any more", deep.id,
						Instant.ofEpochMilli(deep.created), deep.status);
				this.known.forget(deep.id);
				continue;
			}
			seen.add(deep.id);
			if (version(current.row(), true, current.offset(), current.total()) != Version.KNOWN) {
				batch.add(record(current.row()));
			}
		}
		this.metrics.deepRequests.increment(lookup.requests());
		return lookup.requests();
	}

	/** What a row read is to the poller. */
	private enum Version {

		/** Emitted before: suppressed. */
		KNOWN,

		/** A newer version of a row emitted before. */
		NEWER,

		/** A row never emitted. */
		NEW_ROW

	}

	/**
	 * Classifies {@code row} and remembers it: a row created within
	 * {@code poller.overlap} ({@code young}) with its version and position, an older one
	 * in the bounded set of a backfill's final rows.
	 */
	private Version version(CallLog row, boolean young, long offset, long total) {
		if (young) {
			boolean fresh = !this.known.contains(row.id());
			boolean newer = this.known.isNew(row.id(), row.updatedAt());
			this.known.remember(row.id(), row.createdAt(), row.updatedAt(), row.status(), offset, total);
			if (!newer) {
				this.metrics.duplicates.increment();
				return Version.KNOWN;
			}
			return fresh ? Version.NEW_ROW : Version.NEWER;
		}
		if (!this.known.isNewFinal(row.id(), row.updatedAt())) {
			this.metrics.duplicates.increment();
			return Version.KNOWN;
		}
		// remembered at once: a row pushed to the next page by new calls must not be
		// emitted twice
		this.known.rememberFinal(row.id());
		return Version.NEW_ROW;
	}

	private ProducerRecord<String, byte[]> record(CallLog row) {
		Instant now = this.clock.instant();
		this.metrics.fresh(Duration.between(row.updatedAt(), now));
		CallLogRecord record = CallLogRecords.of(row, now);
		return new ProducerRecord<>(Topics.CALL_LOGS, row.id(), this.serializer.serialize(Topics.CALL_LOGS, record));
	}

	/**
	 * One page of {@code query}, waiting out 429s and failures as the walk does; null
	 * once the poller stops.
	 */
	private CallLogPage pageOrWait(CallLogsQuery query) {
		BackOffExecution failures = this.backOff.start();
		while (this.running && this.active) {
			VobizOutcome<CallLogPage> outcome = this.vobiz.listCallLogs(query);
			if (outcome instanceof VobizOutcome.Success<CallLogPage> success) {
				this.metrics.pages.increment();
				return success.body();
			}
			idle(wait(outcome, failures));
		}
		return null;
	}

	/**
	 * What a scan reads. {@code floor}: the walk from page 1 stops at rows created before
	 * it (Long.MIN_VALUE before the first complete scan: everything) — the last complete
	 * scan's newest {@code created_at} minus {@code poller.reread-margin}, or the oldest
	 * row that can still change if older, unless that row is older than
	 * {@code poller.deep-after} below the newest: such {@code deep} rows are looked up
	 * instead. Creation times in epoch millis (call.logs' precision),
	 * {@code settledBefore} in micros (as {@code updated_at}).
	 */
	record Window(long floor, long expiredBefore, long settledBefore, List<KnownVersions.Known> deep) {

		static Window of(Instant highWater, Instant now, PollerSettings settings, KnownVersions known) {
			long expiredBefore = now.minus(settings.overlap()).toEpochMilli();
			long settledBefore = KnownVersions.micros(now.minus(settings.settleTime()));
			if (highWater == null) {
				return new Window(Long.MIN_VALUE, expiredBefore, settledBefore, List.of());
			}
			long deepBefore = Math.max(highWater.minus(settings.deepAfter()).toEpochMilli(), expiredBefore);
			long floor = Math.min(highWater.minus(settings.rereadMargin()).toEpochMilli(),
					known.oldestChangeable(deepBefore, settledBefore));
			return new Window(floor, expiredBefore, settledBefore,
					known.deep(expiredBefore, Math.min(deepBefore, floor), settledBefore));
		}

	}

	/**
	 * Sends {@code records} and the checkpoint in one transaction, clears them; returns
	 * how many were sent.
	 */
	private int commit(List<ProducerRecord<String, byte[]>> records, Checkpoint next) {
		int sent = records.size();
		this.producer.beginTransaction();
		try {
			records.forEach(this.producer::send);
			if (next != null) {
				this.producer
					.send(new ProducerRecord<>(this.settings.checkpointTopic(), Checkpoint.KEY, next.encode()));
			}
			this.producer.commitTransaction();
		}
		catch (KafkaException ex) {
			log.warn("Transaction failed ({}); stepping down", ex.toString());
			deactivate();
			throw ex;
		}
		this.metrics.records.increment(sent);
		records.clear();
		return sent;
	}

	/**
	 * Rows of the walk's window emitted before but not seen: gaps; then forgets the rows
	 * no scan will read again.
	 */
	private void reportGaps(Window window, Instant newest, Set<String> seen) {
		if (window.floor() != Long.MIN_VALUE && newest != null) {
			List<String> missing = this.known.missing(window.floor(), newest.toEpochMilli(), seen);
			if (!missing.isEmpty()) {
				this.metrics.gaps.increment(missing.size());
				log.warn("Gap: {} rows of the scan's window were not seen in this scan, e.g. {}", missing.size(),
						missing.get(0));
			}
		}
		this.known.forget(window.floor(), window.expiredBefore(), window.settledBefore());
	}

	/**
	 * How long to wait after {@code outcome}: Vobiz's Retry-After when it gave one (at
	 * most {@code poller.max-backoff}), else the next of {@code failures}' doubling
	 * waits.
	 */
	private Duration wait(VobizOutcome<?> outcome, BackOffExecution failures) {
		Duration backoff = Duration.ofMillis(failures.nextBackOff());
		if (outcome instanceof VobizOutcome.RateLimited<?> limited) {
			this.metrics.backoff("rate_limited");
			Duration retryAfter = (limited.retryAfter() != null) ? limited.retryAfter() : backoff;
			return min(retryAfter, this.settings.maxBackoff());
		}
		this.metrics.backoff(outcome.getClass().getSimpleName());
		log.warn("Call logs unreadable ({}); backing off {}", outcome, backoff);
		return backoff;
	}

	/** Waits while keeping the group membership alive. */
	private void idle(Duration duration) {
		long until = System.nanoTime() + duration.toNanos();
		while (this.running && System.nanoTime() < until) {
			this.membership.poll(min(POLL, Duration.ofNanos(Math.max(0, until - System.nanoTime()))));
		}
	}

	private void activate() {
		Map<String, Object> producer = new HashMap<>(this.kafka);
		producer.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, this.settings.transactionalId());
		producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		producer.put(ProducerConfig.ACKS_CONFIG, "all");
		producer.put(ProducerConfig.LINGER_MS_CONFIG, 5);
		// a transaction holds ten pages (~1,000 records over call.logs' partitions):
		// fewer, larger produce requests
		producer.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
		this.producer = new KafkaProducer<>(producer, new StringSerializer(), new ByteArraySerializer());
		this.producer.initTransactions();
		this.checkpoint = readCheckpoint();
		rebuildKnownVersions();
		this.active = true;
		log.info("Active log poller (checkpoint {}, {} versions in the window)", this.checkpoint.highWater(),
				this.known.size());
	}

	private void deactivate() {
		this.active = false;
		if (this.producer != null) {
			this.producer.close(Duration.ofSeconds(5));
			this.producer = null;
		}
		this.known.clear();
	}

	private Checkpoint readCheckpoint() {
		try (KafkaConsumer<String, byte[]> reader = reader()) {
			TopicPartition partition = new TopicPartition(this.settings.checkpointTopic(), 0);
			reader.assign(List.of(partition));
			long end = reader.endOffsets(List.of(partition)).get(partition);
			Checkpoint last = Checkpoint.none();
			reader.seekToBeginning(List.of(partition));
			while (reader.position(partition) < end) {
				for (ConsumerRecord<String, byte[]> record : reader.poll(POLL)) {
					if (Checkpoint.KEY.equals(record.key()) && record.value() != null) {
						try {
							last = Checkpoint.decode(record.value());
						}
						catch (RuntimeException ex) {
							// the previous readable checkpoint stands: at worst a longer
							// re-read, never a gap
							skipped(record, ex);
						}
					}
				}
			}
			return last;
		}
	}

	/**
	 * The versions emitted for rows created inside the window, read back from call.logs.
	 */
	private void rebuildKnownVersions() {
		this.known.clear();
		Instant from = this.checkpoint.knownSince(this.settings.overlap());
		if (from == null) {
			return;
		}
		Deserializer<Object> decoder = PollerConfiguration.deserializer(this.kafka);
		// between scans only the window's rows matter; after a scan cut short, everything
		// it emitted does
		long windowStart = (this.checkpoint.scanStartedAt() == null)
				? this.checkpoint.highWater().minus(this.settings.overlap()).toEpochMilli() : Long.MIN_VALUE;
		try (KafkaConsumer<String, byte[]> reader = reader()) {
			List<TopicPartition> partitions = new ArrayList<>();
			for (PartitionInfo info : reader.partitionsFor(Topics.CALL_LOGS)) {
				partitions.add(new TopicPartition(info.topic(), info.partition()));
			}
			reader.assign(partitions);
			Map<TopicPartition, Long> end = reader.endOffsets(partitions);
			Map<TopicPartition, Long> stamps = new HashMap<>();
			partitions.forEach(p -> stamps.put(p, from.toEpochMilli()));
			Map<TopicPartition, OffsetAndTimestamp> starts = reader.offsetsForTimes(stamps);
			List<TopicPartition> pending = new ArrayList<>();
			for (TopicPartition partition : partitions) {
				OffsetAndTimestamp start = starts.get(partition);
				if (start != null && start.offset() < end.get(partition)) {
					reader.seek(partition, start.offset());
					pending.add(partition);
				}
			}
			reader.assign(pending);
			while (!pending.isEmpty()) {
				for (ConsumerRecord<String, byte[]> record : reader.poll(POLL)) {
					CallLogRecord row;
					try {
						row = (CallLogRecord) decoder.deserialize(record.topic(), record.value());
					}
					catch (RuntimeException ex) {
						// not a version this poller emitted: it suppresses nothing
						skipped(record, ex);
						continue;
					}
					if (row == null) {
						continue;
					}
					long created = row.getCreatedAt().toEpochMilli();
					if (created < windowStart) {
						continue;
					}
					long updated = (row.getUpdatedAtMicros() > 0) ? row.getUpdatedAtMicros()
							: row.getUpdatedAt().toEpochMilli() * 1000;
					this.known.remember(row.getId(), created, updated, row.getStatus());
				}
				pending.removeIf(p -> reader.position(p) >= end.get(p));
			}
		}
	}

	/**
	 * An undecodable record of the checkpoint topic or of call.logs: skipped and counted,
	 * never fatal.
	 */
	private void skipped(ConsumerRecord<String, byte[]> record, RuntimeException ex) {
		this.metrics.skipped(record.topic());
		log.warn("Skipped an undecodable record of {} at partition {} offset {}: {}", record.topic(),
				record.partition(), record.offset(), ex.toString());
	}

	private KafkaConsumer<String, byte[]> reader() {
		Map<String, Object> config = new HashMap<>(this.kafka);
		config.remove(ConsumerConfig.GROUP_ID_CONFIG);
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	@Override
	public void close() {
		this.running = false;
		this.membership.wakeup();
		if (this.thread != null) {
			try {
				this.thread.join(15_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Becomes active when assigned the checkpoint partition; steps down when it is
	 * revoked or lost.
	 */
	private final class Election implements ConsumerRebalanceListener {

		@Override
		public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
			if (!partitions.isEmpty() && !LogPoller.this.active) {
				activate();
			}
		}

		@Override
		public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
			if (!partitions.isEmpty()) {
				deactivate();
			}
		}

		@Override
		public void onPartitionsLost(Collection<TopicPartition> partitions) {
			deactivate();
		}

	}

}
