package org.callorchestrator.schema;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Locale;

/**
 * The log poller's progress: the one record (key {@value #KEY}) of its one-partition
 * compacted checkpoint topic ({@code poller.checkpoint-topic}, default
 * {@code log-poller.checkpoint}), written in the same Kafka transaction as the
 * {@code call.logs} records of the pages it covers. Read by the poller after a failover
 * and by the call worker, which proves a call absent from Vobiz's logs by it.
 *
 * <p>
 * What a checkpoint proves, once committed: every row Vobiz's logs showed at
 * {@code completeScanStartedAt} is in {@code call.logs}; and every row they showed at
 * {@code scanStartedAt} created at or after {@code scanReached} is too (logs are newest
 * first, and rows pushed to later pages while paging are read twice, never skipped).
 *
 * <p>
 * Bytes: five big-endian longs — the three instants in epoch milliseconds (-1 for none),
 * the direction the poller reads (0 every direction, 1 inbound only, 2 outbound only),
 * then {@code scanReached} (-1 for none). Older pollers wrote fewer (down to the first
 * only); a missing instant decodes as none, a missing direction as every direction.
 *
 * @param highWater newest {@code created_at} seen by the last complete scan (null before
 * the first one completes)
 * @param scanStartedAt when the scan in progress started (null between scans)
 * @param completeScanStartedAt when the last complete scan started reading page 1 (null
 * before one completes): every row Vobiz's logs showed at that moment, and every row
 * created since within the scan's window that stayed, is in {@code call.logs} when this
 * checkpoint is committed — rows pushed to later pages while paging are read twice, never
 * skipped
 * @param direction the only direction the poller reads ({@code poller.direction}: inbound
 * or outbound), or null when it reads every call
 * @param scanReached the oldest {@code created_at} the scan in progress has read so far,
 * since it (re)started at page 1 (null between scans)
 */
public record PollerCheckpoint(Instant highWater, Instant scanStartedAt, Instant completeScanStartedAt,
		String direction, Instant scanReached) {

	/** The key of the checkpoint record. */
	public static final String KEY = "checkpoint";

	/** No scan yet. */
	public static PollerCheckpoint none() {
		return new PollerCheckpoint(null, null, null, null, null);
	}

	/** The record's value. */
	public byte[] encode() {
		return ByteBuffer.allocate(40)
			.putLong(millis(this.highWater))
			.putLong(millis(this.scanStartedAt))
			.putLong(millis(this.completeScanStartedAt))
			.putLong(directionCode(this.direction))
			.putLong(millis(this.scanReached))
			.array();
	}

	/**
	 * Reads a value of any version; throws {@link IllegalArgumentException} for bytes
	 * that are none.
	 */
	public static PollerCheckpoint decode(byte[] bytes) {
		if (bytes == null || bytes.length < 8 || bytes.length % 8 != 0 || bytes.length > 40) {
			throw new IllegalArgumentException(
					"Not a poller checkpoint: " + ((bytes == null) ? "no value" : bytes.length + " bytes"));
		}
		ByteBuffer buffer = ByteBuffer.wrap(bytes);
		Instant highWater = instant(buffer.getLong());
		Instant started = (bytes.length >= 16) ? instant(buffer.getLong()) : null;
		Instant complete = (bytes.length >= 24) ? instant(buffer.getLong()) : null;
		String direction = (bytes.length >= 32) ? direction(buffer.getLong()) : null;
		Instant reached = (bytes.length >= 40) ? instant(buffer.getLong()) : null;
		return new PollerCheckpoint(highWater, started, complete, direction, reached);
	}

	/** Whether the poller reads calls of {@code callDirection} (inbound or outbound). */
	public boolean reads(String callDirection) {
		return this.direction == null || this.direction.equalsIgnoreCase(callDirection);
	}

	private static long directionCode(String direction) {
		if (direction == null || direction.isBlank()) {
			return 0;
		}
		return switch (direction.toLowerCase(Locale.ROOT)) {
			case "inbound" -> 1;
			case "outbound" -> 2;
			default -> throw new IllegalArgumentException("Unknown direction " + direction);
		};
	}

	private static String direction(long code) {
		return switch ((int) code) {
			case 0 -> null;
			case 1 -> "inbound";
			case 2 -> "outbound";
			default -> throw new IllegalArgumentException("Unknown direction code " + code);
		};
	}

	private static long millis(Instant instant) {
		return (instant != null) ? instant.toEpochMilli() : -1;
	}

	private static Instant instant(long millis) {
		return (millis < 0) ? null : Instant.ofEpochMilli(millis);
	}

}
