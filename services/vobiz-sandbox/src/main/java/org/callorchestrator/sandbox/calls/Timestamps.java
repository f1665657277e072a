package org.callorchestrator.sandbox.calls;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Timestamps of call rows: RFC 3339 UTC with microseconds, strictly increasing across the
 * whole sandbox, so that two changes of one row never share an {@code updated_at} (the
 * log poller relies on it). Thread-safe.
 */
public final class Timestamps {

	private final Clock clock;

	private final AtomicLong lastMicros = new AtomicLong();

	public Timestamps(Clock clock) {
		this.clock = clock;
	}

	/** Now, strictly after every earlier result. */
	public Instant next() {
		Instant now = this.clock.instant();
		long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
		long next = this.lastMicros.accumulateAndGet(micros, (last, candidate) -> Math.max(last + 1, candidate));
		return Instant.EPOCH.plus(next, ChronoUnit.MICROS);
	}

	public static String format(Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

}
