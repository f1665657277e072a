package org.callorchestrator.poller;

import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * The poller's progress, written in the same transaction as every page's records.
 *
 * @param highWater newest created_at seen by the last complete scan (null before the first one completes): the next
 * scan re-reads everything created after it minus the overlap window
 * @param scanStartedAt when the scan in progress started (null between scans): after a restart mid-scan, the
 * versions emitted since then are read back from call.logs so the re-walk emits none of them twice
 */
record Checkpoint(Instant highWater, Instant scanStartedAt) {

	static final String KEY = "checkpoint";

	static Checkpoint none() {
		return new Checkpoint(null, null);
	}

	/** The earliest record time from which emitted versions must be known again. */
	Instant knownSince(java.time.Duration overlap) {
		Instant window = (this.highWater != null) ? this.highWater.minus(overlap) : null;
		if (window == null) {
			return this.scanStartedAt;
		}
		return (this.scanStartedAt != null && this.scanStartedAt.isBefore(window)) ? this.scanStartedAt : window;
	}

	byte[] encode() {
		return ByteBuffer.allocate(16).putLong(millis(this.highWater)).putLong(millis(this.scanStartedAt)).array();
	}

	static Checkpoint decode(byte[] bytes) {
		ByteBuffer buffer = ByteBuffer.wrap(bytes);
		Instant highWater = instant(buffer.getLong());
		Instant started = (bytes.length >= 16) ? instant(buffer.getLong()) : null;
		return new Checkpoint(highWater, started);
	}

	private static long millis(Instant instant) {
		return (instant != null) ? instant.toEpochMilli() : -1;
	}

	private static Instant instant(long millis) {
		return (millis < 0) ? null : Instant.ofEpochMilli(millis);
	}

}
