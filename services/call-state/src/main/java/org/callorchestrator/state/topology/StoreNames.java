package org.callorchestrator.state.topology;

/**
 * The state stores (persistent RocksDB, each backed by a changelog topic
 * {@code <application.id>-<store>-changelog} that Kafka Streams writes, compacts and
 * restores from).
 */
public final class StoreNames {

	/** call_id → the call's {@code CallState}: what {@code GET /calls/{id}} reads. */
	public static final String CALLS = "calls";

	/**
	 * wacid → call_id, learnt from call-log rows (timestamped: removed after the
	 * finished-call retention).
	 */
	static final String WACID_CALLS = "wacid-calls";

	/**
	 * wacid + NUL + event id → an observation waiting for its call (timestamped: expired
	 * after the hold).
	 */
	static final String UNMAPPED = "unmapped-observations";

	private StoreNames() {
	}

}
