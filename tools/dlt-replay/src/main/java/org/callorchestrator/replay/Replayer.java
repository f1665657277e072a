package org.callorchestrator.replay;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.callorchestrator.schema.DeadLetterHeaders;

/**
 * Sends selected dead letters back to their original topics: the original key, value and
 * headers (without the dead-letter headers), plus {@code x-replay-id},
 * {@code x-replayed-at} and {@code x-replay-count}. A letter is refused — reported, not
 * sent — when it was replayed {@code maxReplays} times already or no longer decodes
 * against the registry, and an EXPIRED letter (its deadline passed before the worker
 * could send it) unless the plan gives a new deadline: then every replayed letter carries
 * it as {@code x-expires-at} (which the worker takes over the value's {@code expires_at}
 * and its default). Each sent letter gets an audit record; positions audited under the
 * same replay id are skipped, so an interrupted replay resumes without sending anything
 * twice. Never dials by itself: the worker's idempotency keeps a command that already
 * succeeded from reaching Vobiz again.
 */
final class Replayer {

	/**
	 * The worker's category of a command whose deadline passed before it could be sent.
	 */
	static final String EXPIRED = "EXPIRED";

	private final KafkaProducer<byte[], byte[]> producer;

	private final ReplayAudit audit;

	private final Deserializer<Object> decoder;

	private final Clock clock;

	private final PrintStream progress;

	Replayer(KafkaProducer<byte[], byte[]> producer, ReplayAudit audit, Deserializer<Object> decoder, Clock clock,
			PrintStream progress) {
		this.producer = producer;
		this.audit = audit;
		this.decoder = decoder;
		this.clock = clock;
		this.progress = progress;
	}

	/**
	 * @param selected the letters the filter selected, in dead-letter order
	 * @param plan replay id, operator, filter description, dry run, rate, limit, replay
	 * cap
	 */
	Summary replay(List<DeadLetter> selected, Plan plan) throws InterruptedException {
		Set<String> done = this.audit.replayedPositions(plan.replayId());
		Pacer pacer = new Pacer(plan.rate());
		Summary summary = new Summary();
		List<Pending> inFlight = new ArrayList<>();
		long started = System.nanoTime();
		for (DeadLetter letter : selected) {
			if (plan.limit() != null && summary.sent + summary.wouldSend >= plan.limit()) {
				summary.beyondLimit++;
				continue;
			}
			if (done.contains(letter.position())) {
				summary.alreadyReplayed++;
				continue;
			}
			if (letter.replayCount() >= plan.maxReplays()) {
				summary.refused.add(letter.position() + " replayed " + letter.replayCount() + " times already (cap "
						+ plan.maxReplays() + ")");
				continue;
			}
			if (EXPIRED.equals(letter.category()) && plan.deadline() == null) {
				summary.refused.add(letter.position() + " is EXPIRED (its deadline passed before the worker could send "
						+ "it): replay it only with a new deadline, --expires-in or --expires-at");
				continue;
			}
			String undecodable = undecodable(letter);
			if (undecodable != null) {
				summary.refused.add(letter.position() + " does not decode against the current schema: " + undecodable);
				continue;
			}
			if (plan.dryRun()) {
				summary.wouldSend++;
				this.progress.println("would replay " + letter.position() + " -> " + letter.originalTopic()
						+ " command " + letter.commandId() + " (" + letter.category() + ")" + ((plan.deadline() != null)
								? " with deadline " + plan.deadline().at(this.clock.instant()) : ""));
				continue;
			}
			pacer.awaitTurn();
			Instant now = this.clock.instant();
			int count = letter.replayCount() + 1;
			Future<RecordMetadata> sent = this.producer.send(new ProducerRecord<>(letter.originalTopic(), null,
					letter.record().key(), letter.record().value(), replayHeaders(letter, plan.replayId(), now, count,
							(plan.deadline() != null) ? plan.deadline().at(now) : null)));
			inFlight.add(new Pending(letter, sent, now, count));
			summary.sent++;
			if (inFlight.size() >= 500) {
				confirm(inFlight, plan, summary);
			}
			if (summary.sent % 1000 == 0) {
				this.progress.printf("replayed %d of %d%n", summary.sent, selected.size());
			}
		}
		confirm(inFlight, plan, summary);
		summary.seconds = (System.nanoTime() - started) / 1e9;
		return summary;
	}

	/** Waits for the sends, then audits the ones the broker took. */
	private void confirm(List<Pending> inFlight, Plan plan, Summary summary) throws InterruptedException {
		List<Future<RecordMetadata>> audits = new ArrayList<>();
		for (Pending pending : inFlight) {
			try {
				pending.sent().get(30, TimeUnit.SECONDS);
				audits.add(this.audit.record(plan.replayId(), plan.operator(), plan.filter(), pending.letter(),
						pending.at(), pending.count()));
			}
			catch (ExecutionException | TimeoutException ex) {
				summary.sent--;
				summary.failed.add(pending.letter().position() + ": " + ex.getMessage());
			}
		}
		for (Future<RecordMetadata> audit : audits) {
			try {
				audit.get(30, TimeUnit.SECONDS);
			}
			catch (ExecutionException | TimeoutException ex) {
				summary.failed.add("audit record not written: " + ex.getMessage());
			}
		}
		inFlight.clear();
	}

	private String undecodable(DeadLetter letter) {
		try {
			this.decoder.deserialize(letter.originalTopic(), letter.record().value());
			return null;
		}
		catch (RuntimeException ex) {
			return ex.getMessage();
		}
	}

	/**
	 * The letter's original headers without the dead-letter ones, plus the replay's;
	 * {@code expiresAt}, when given, replaces any earlier {@code x-expires-at}.
	 */
	static RecordHeaders replayHeaders(DeadLetter letter, String replayId, Instant at, int count, Instant expiresAt) {
		RecordHeaders headers = new RecordHeaders();
		for (Header header : letter.record().headers()) {
			String name = header.key();
			if (name.startsWith("kafka_dlt-") || name.startsWith("x-error-") || name.equals(DeadLetterHeaders.ATTEMPTS)
					|| name.equals(DeadLetterHeaders.COMMAND_ID) || name.startsWith("x-replay")
					|| name.equals(DeadLetterHeaders.DEADLINE) || name.equals(DeadLetterHeaders.LATE_MS)
					|| (expiresAt != null && name.equals(DeadLetterHeaders.EXPIRES_AT))) {
				continue;
			}
			headers.add(header);
		}
		if (expiresAt != null) {
			headers.add(DeadLetterHeaders.EXPIRES_AT, expiresAt.toString().getBytes(StandardCharsets.UTF_8));
		}
		headers.add(DeadLetterHeaders.REPLAY_ID, replayId.getBytes(StandardCharsets.UTF_8));
		headers.add(DeadLetterHeaders.REPLAYED_AT, at.toString().getBytes(StandardCharsets.UTF_8));
		headers.add(DeadLetterHeaders.REPLAY_COUNT, Integer.toString(count).getBytes(StandardCharsets.UTF_8));
		return headers;
	}

	/**
	 * @param replayId id of this replay (reuse it to resume)
	 * @param operator who replays (audit)
	 * @param filter the filter, described (audit)
	 * @param dryRun list what would be replayed, send nothing
	 * @param rate records per second, or null for unthrottled
	 * @param limit at most this many records, or null
	 * @param maxReplays refuse letters replayed this many times already
	 * @param deadline the new deadline of every replayed command, or null (EXPIRED
	 * letters are then refused)
	 */
	record Plan(String replayId, String operator, String filter, boolean dryRun, Double rate, Integer limit,
			int maxReplays, NewDeadline deadline) {
	}

	/**
	 * The deadline an operator gives replayed commands: a fixed time, or a time after
	 * each one is replayed.
	 *
	 * @param fixed this time, or null
	 * @param after this long after the letter is replayed, when {@code fixed} is null
	 */
	record NewDeadline(Instant fixed, Duration after) {

		Instant at(Instant replayedAt) {
			return (this.fixed != null) ? this.fixed : replayedAt.plus(this.after);
		}

		@Override
		public String toString() {
			return (this.fixed != null) ? "x-expires-at " + this.fixed : "x-expires-at = replay time + " + this.after;
		}

	}

	record Pending(DeadLetter letter, Future<RecordMetadata> sent, Instant at, int count) {
	}

	/** What a replay did. */
	static final class Summary {

		int sent;

		int wouldSend;

		int alreadyReplayed;

		int beyondLimit;

		double seconds;

		final List<String> refused = new ArrayList<>();

		final List<String> failed = new ArrayList<>();

		boolean complete() {
			return this.refused.isEmpty() && this.failed.isEmpty();
		}

	}

}
