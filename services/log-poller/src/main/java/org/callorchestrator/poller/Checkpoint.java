package org.callorchestrator.poller;

import java.time.Duration;
import java.time.Instant;

import org.callorchestrator.schema.PollerCheckpoint;

/**
 * The poller's progress, written in the same transaction as every page's records; its
 * bytes are the {@link PollerCheckpoint} contract (the call worker reads them to prove a
 * call absent from the logs).
 *
 * @param highWater newest created_at seen by the last complete scan (null before the
 * first one completes): the next scan re-reads everything created after it minus the
 * overlap window
 * @param scanStartedAt when the scan in progress started (null between scans): after a
 * restart mid-scan, the versions emitted since then are read back from call.logs so the
 * re-walk emits none of them twice
 * @param completeScanStartedAt when the last complete scan started (null before one
 * completes)
 * @param direction the only direction scanned ({@code poller.direction}), null for every
 * call
 * @param scanReached the oldest created_at the scan in progress has read since it
 * (re)started at page 1
 */
record Checkpoint(Instant highWater, Instant scanStartedAt, Instant completeScanStartedAt, String direction,
		Instant scanReached) {

	static final String KEY = PollerCheckpoint.KEY;

	static Checkpoint none() {
		return new Checkpoint(null, null, null, null, null);
	}

	/**
	 * The checkpoint of a scan still in progress, started at {@code started}, that has
	 * read every row from page 1 down to {@code reached} (created_at) since it
	 * (re)started.
	 */
	Checkpoint inProgress(Instant started, Instant reached) {
		return new Checkpoint(this.highWater, started, this.completeScanStartedAt, this.direction, reached);
	}

	/**
	 * The checkpoint of the scan started at {@code started} that has just read its last
	 * page, reading {@code direction} only (null: every call).
	 */
	static Checkpoint completed(Instant newest, Instant started, String direction) {
		return new Checkpoint(newest, null, started, direction, null);
	}

	/** The earliest record time from which emitted versions must be known again. */
	Instant knownSince(Duration overlap) {
		Instant window = (this.highWater != null) ? this.highWater.minus(overlap) : null;
		if (window == null) {
			return this.scanStartedAt;
		}
		return (this.scanStartedAt != null && this.scanStartedAt.isBefore(window)) ? this.scanStartedAt : window;
	}

	byte[] encode() {
		return new PollerCheckpoint(this.highWater, this.scanStartedAt, this.completeScanStartedAt, this.direction,
				this.scanReached)
			.encode();
	}

	static Checkpoint decode(byte[] bytes) {
		PollerCheckpoint read = PollerCheckpoint.decode(bytes);
		return new Checkpoint(read.highWater(), read.scanStartedAt(), read.completeScanStartedAt(), read.direction(),
				read.scanReached());
	}

}
