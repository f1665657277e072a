package org.callorchestrator.poller;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@code poller.pages}, {@code poller.records} (emitted), {@code poller.duplicates}
 * (suppressed), {@code poller.gaps}, {@code poller.scan} (duration),
 * {@code poller.scan.pages} (pages per scan), {@code poller.freshness} (emission time −
 * updated_at, seconds), {@code poller.backoffs{reason}}, {@code poller.skipped{topic}}
 * (records of its checkpoint topic or of call.logs it could not decode on a takeover:
 * skipped, never fatal), {@code poller.rows.changeable} (rows that can still change, as
 * of the last scan), {@code poller.rows.deep} (those of them looked up below the walk's
 * floor) and {@code poller.deep.requests} (the requests those look-ups made),
 * {@code poller.pages.reordered} (pages served before the page above them, read again).
 */
final class PollerMetrics {

	final Counter pages;

	final Counter records;

	final Counter duplicates;

	final Counter gaps;

	final Timer scan;

	final DistributionSummary freshness;

	/**
	 * Pages each scan read: the poller's cost to the Vobiz account per scan (requests/s
	 * is poller.pages' rate).
	 */
	final DistributionSummary scanPages;

	final Counter deepRequests;

	/** Pages served before the page above them (lower {@code total}), read again. */
	final Counter reordered;

	/** Rows that could still change at the end of each scan. */
	final DistributionSummary changeableRows;

	private final AtomicInteger changeable = new AtomicInteger();

	private final AtomicInteger deep = new AtomicInteger();

	private final MeterRegistry registry;

	PollerMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.pages = registry.counter("poller.pages");
		this.records = registry.counter("poller.records");
		this.duplicates = registry.counter("poller.duplicates");
		this.gaps = registry.counter("poller.gaps");
		this.scan = Timer.builder("poller.scan").publishPercentiles(0.5, 0.99).register(registry);
		this.scanPages = DistributionSummary.builder("poller.scan.pages")
			.description("Pages of Vobiz's call logs read per scan")
			.publishPercentiles(0.5, 0.99)
			.register(registry);
		this.deepRequests = registry.counter("poller.deep.requests");
		this.reordered = registry.counter("poller.pages.reordered");
		this.changeableRows = DistributionSummary.builder("poller.scan.changeable.rows")
			.description("Rows that can still change, at the end of each scan")
			.register(registry);
		Gauge.builder("poller.rows.changeable", this.changeable, AtomicInteger::get)
			.description("Rows of Vobiz's call logs that can still change, as of the last scan")
			.register(registry);
		Gauge.builder("poller.rows.deep", this.deep, AtomicInteger::get)
			.description("Rows that can still change created too long ago for the walk: looked up instead")
			.register(registry);
		this.freshness = DistributionSummary.builder("poller.freshness")
			.baseUnit("seconds")
			.publishPercentiles(0.5, 0.99)
			.register(registry);
	}

	void scanned(int changeable, int deep) {
		this.changeable.set(changeable);
		this.changeableRows.record(changeable);
		this.deep.set(deep);
	}

	void backoff(String reason) {
		this.registry.counter("poller.backoffs", "reason", reason).increment();
	}

	void skipped(String topic) {
		this.registry.counter("poller.skipped", "topic", topic).increment();
	}

	void fresh(Duration age) {
		this.freshness.record(age.toMillis() / 1000.0);
	}

}
