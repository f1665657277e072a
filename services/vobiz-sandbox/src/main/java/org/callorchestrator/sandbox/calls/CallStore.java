package org.callorchestrator.sandbox.calls;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.springframework.stereotype.Component;

/**
 * Every call of the sandbox, by id, and the log order (creation order; listed newest
 * first). Appends and updates are thread-safe; a listing sees a consistent prefix of the
 * log. Holds 1,000,000 seeded rows in a few hundred MB.
 */
@Component
public class CallStore {

	private final Map<String, Call> byId = new ConcurrentHashMap<>();

	private final Set<String> accounts = ConcurrentHashMap.newKeySet();

	private volatile Call[] log = new Call[1024];

	private volatile int size;

	private final Timestamps timestamps;

	public CallStore(Clock clock) {
		this.timestamps = new Timestamps(clock);
	}

	/** Creates a call (its log row appears at the top of the newest-first listing). */
	public Call create(String accountId, String channelId, String direction, String from, String to, String offerSdp,
			String status) {
		Call call = new Call(newId(), accountId, channelId, newWacid(), direction, from, to, offerSdp, status,
				this.timestamps.next());
		append(call);
		return call;
	}

	private synchronized void append(Call call) {
		if (this.size == this.log.length) {
			Call[] grown = new Call[this.log.length * 2];
			System.arraycopy(this.log, 0, grown, 0, this.size);
			this.log = grown;
		}
		this.log[this.size] = call;
		this.size = this.size + 1;
		this.byId.put(call.id, call);
		this.accounts.add(call.accountId);
	}

	public Optional<Call> find(String id) {
		return Optional.ofNullable(this.byId.get(id));
	}

	/** Applies a change to a call and advances its {@code updated_at}. */
	public void update(Call call, Consumer<Call> change) {
		synchronized (call) {
			change.accept(call);
			call.updatedAt = this.timestamps.next();
		}
	}

	/** A strictly increasing timestamp (for changes made through {@link #update}). */
	public Instant now() {
		return this.timestamps.next();
	}

	/**
	 * One page of the newest-first listing of {@code accountId}'s calls matching
	 * {@code filter} (null for none). Unfiltered pages of a single-account sandbox are
	 * found by index, without a scan.
	 */
	public Page page(String accountId, Predicate<Call> filter, int page, int limit) {
		Call[] rows = this.log;
		int count = this.size;
		long offset = (long) (page - 1) * limit;
		List<Call> items = new ArrayList<>(limit);
		if (filter == null && this.accounts.size() == 1 && this.accounts.contains(accountId)) {
			for (long i = count - 1 - offset; i >= 0 && items.size() < limit; i--) {
				items.add(rows[(int) i]);
			}
			return new Page(items, count);
		}
		long total = 0;
		for (int i = count - 1; i >= 0; i--) {
			Call call = rows[i];
			if (call.accountId.equals(accountId) && (filter == null || filter.test(call))) {
				if (total >= offset && items.size() < limit) {
					items.add(call);
				}
				total++;
			}
		}
		return new Page(items, total);
	}

	/** All calls, newest first (inspection). */
	public List<Call> all() {
		Call[] rows = this.log;
		List<Call> calls = new ArrayList<>(this.size);
		for (int i = this.size - 1; i >= 0; i--) {
			calls.add(rows[i]);
		}
		return calls;
	}

	/**
	 * Adds {@code count} finished historical calls, created and ended before now, oldest
	 * first.
	 */
	public synchronized int seed(int count, String accountId, String channelId, String channelNumber) {
		// one call a second, each ended before now: the newest created 400 s ago (the
		// longest seeded call lasts 333 s)
		Instant end = this.timestamps.next().minus(Duration.ofSeconds(400));
		Instant start = end.minus(Duration.ofSeconds(count));
		String offer = "v=0\r\no=- 0 0 IN IP4 0.0.0.0\r\ns=seeded\r\n";
		String answer = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=seeded\r\n";
		ThreadLocalRandom random = ThreadLocalRandom.current();
		Call[] seeded = new Call[count];
		for (int i = 0; i < count; i++) {
			Instant created = start.plusMillis(i * 1000L);
			String to = "+9198" + String.format("%08d", random.nextInt(100_000_000));
			Call call = new Call(newId(), accountId, channelId, newWacid(), "outbound", channelNumber, to, offer,
					"terminated", created);
			call.answerSdp = answer;
			call.answeredAt = created.plusSeconds(3);
			call.durationSeconds = 30 + random.nextInt(300);
			call.endedAt = call.answeredAt.plusSeconds(call.durationSeconds);
			call.hangupCause = "normal_clearing";
			call.updatedAt = call.endedAt;
			seeded[i] = call;
		}
		// Seeded history predates every live call: rebuild the log with it first.
		Call[] rows = new Call[Math.max(1024, Integer.highestOneBit(count + this.size) * 2)];
		System.arraycopy(seeded, 0, rows, 0, count);
		System.arraycopy(this.log, 0, rows, count, this.size);
		for (Call call : seeded) {
			this.byId.put(call.id, call);
		}
		this.accounts.add(accountId);
		this.log = rows;
		this.size = this.size + count;
		return count;
	}

	/** Forgets every call. */
	public synchronized void clear() {
		this.byId.clear();
		this.accounts.clear();
		this.log = new Call[1024];
		this.size = 0;
	}

	public int size() {
		return this.size;
	}

	/**
	 * A random (version 4) UUID from a thread-local generator: SecureRandom's lock would
	 * cap throughput.
	 */
	static String newId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long most = (random.nextLong() & ~0xF000L) | 0x4000L;
		long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(most, least).toString();
	}

	static String newWacid() {
		byte[] bytes = new byte[18];
		ThreadLocalRandom.current().nextBytes(bytes);
		return "wacid.HBgM" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/**
	 * @param items the page's calls
	 * @param total calls matching the filters
	 */
	public record Page(List<Call> items, long total) {
	}

}
