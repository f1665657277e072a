package org.callorchestrator.worker.metrics;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.callorchestrator.schema.ErrorCategory;
import org.springframework.stereotype.Component;

/**
 * Every meter of the worker in one place:
 * <ul>
 * <li>{@code callworker.commands{kind,outcome}} — commands by kind (initiate, action) and
 * outcome (applied, duplicate, undecodable, failed_&lt;category&gt;)</li>
 * <li>{@code callworker.vobiz.requests{endpoint,status_class}} — Vobiz latency (timer) by
 * endpoint and status class (2xx, 4xx, 429, 5xx, io)</li>
 * <li>{@code callworker.retries{kind,reason}} — waits before another attempt
 * (not_applied, rate_limited, quota, unknown_resend)</li>
 * <li>{@code callworker.dead_letters{kind,category}}</li>
 * <li>{@code callworker.unknown_outcomes{kind,resolution}} — found, absent_resent,
 * unresolved, resent</li>
 * <li>{@code callworker.commands.in_flight} — commands being processed now</li>
 * <li>{@code callworker.records.in_flight} — records polled and not yet concluded
 * (gauge)</li>
 * <li>{@code callworker.transaction.records{kind}} — concluded commands per Kafka
 * transaction (summary)</li>
 * <li>{@code callworker.consumer.pauses{kind}} — partitions paused for back-pressure</li>
 * <li>{@code callworker.vobiz.outage} — 1 while a Vobiz outage is on</li>
 * <li>{@code callworker.vobiz.pacing{endpoint}} — waits for the per-account rate limit
 * (timer)</li>
 * <li>{@code callworker.commands.expired{kind}} — commands never sent because their
 * deadline passed first (also in {@code callworker.commands} as {@code failed_expired});
 * {@code callworker.commands.expired.late{kind}} — how late they were when given up
 * (summary, seconds)</li>
 * </ul>
 */
@Component
public class WorkerMetrics {

	private final MeterRegistry registry;

	private final AtomicInteger inFlight = new AtomicInteger();

	public WorkerMetrics(MeterRegistry registry) {
		this.registry = registry;
		registry.gauge("callworker.commands.in_flight", this.inFlight);
	}

	public void command(String kind, String outcome) {
		Counter.builder("callworker.commands")
			.description("Commands processed, by kind and outcome")
			.tag("kind", kind)
			.tag("outcome", outcome)
			.register(this.registry)
			.increment();
	}

	public void vobizRequest(String endpoint, String statusClass, Duration latency) {
		Timer.builder("callworker.vobiz.requests")
			.description("Requests to Vobiz, by endpoint and status class")
			.tag("endpoint", endpoint)
			.tag("status_class", statusClass)
			.register(this.registry)
			.record(latency);
	}

	public void retry(String kind, String reason) {
		Counter.builder("callworker.retries")
			.description("Waits before another attempt")
			.tag("kind", kind)
			.tag("reason", reason)
			.register(this.registry)
			.increment();
	}

	public void deadLettered(String kind, ErrorCategory category) {
		Counter.builder("callworker.dead_letters")
			.description("Commands dead-lettered, by category")
			.tag("kind", kind)
			.tag("category", category.name())
			.register(this.registry)
			.increment();
	}

	public void unknownOutcome(String kind, String resolution) {
		Counter.builder("callworker.unknown_outcomes")
			.description("Requests whose outcome was unknown, by how they were resolved")
			.tag("kind", kind)
			.tag("resolution", resolution)
			.register(this.registry)
			.increment();
	}

	/**
	 * Records written by one transaction of {@code kind}'s consumer (with their offsets).
	 */
	public void transaction(String kind, int records) {
		DistributionSummary.builder("callworker.transaction.records")
			.description("Concluded commands written per Kafka transaction")
			.tag("kind", kind)
			.register(this.registry)
			.record(records);
	}

	/**
	 * A transaction of {@code kind}'s consumer failed (retried with the same commands),
	 * e.g. in a rebalance.
	 */
	public void transactionFailed(String kind, Throwable cause) {
		this.registry
			.counter("callworker.transactions.failed", "kind", kind, "reason", cause.getClass().getSimpleName())
			.increment();
	}

	/**
	 * A consumer paused its partitions: max-in-flight records in flight (back-pressure).
	 */
	public void paused(String kind) {
		Counter.builder("callworker.consumer.pauses")
			.description("Times a consumer paused its partitions because max-in-flight records were in flight")
			.tag("kind", kind)
			.register(this.registry)
			.increment();
	}

	/** 1 while a Vobiz outage is on (requests held, consumers paused), else 0. */
	public void outage(BooleanSupplier ongoing) {
		this.registry.gauge("callworker.vobiz.outage", ongoing, o -> o.getAsBoolean() ? 1 : 0);
	}

	/** Records polled and not yet concluded, all consumers. */
	public void inFlightRecords(IntSupplier records) {
		this.registry.gauge("callworker.records.in_flight", records, IntSupplierValue.INSTANCE);
	}

	private enum IntSupplierValue implements ToDoubleFunction<IntSupplier> {

		INSTANCE;

		@Override
		public double applyAsDouble(IntSupplier supplier) {
			return supplier.getAsInt();
		}

	}

	/**
	 * A command of {@code kind} was given up {@code late} after its deadline, never sent.
	 */
	public void expired(String kind, Duration late) {
		Counter.builder("callworker.commands.expired")
			.description("Commands never sent to Vobiz because their deadline passed first")
			.tag("kind", kind)
			.register(this.registry)
			.increment();
		DistributionSummary.builder("callworker.commands.expired.late")
			.description("How late expired commands were when given up, in seconds")
			.baseUnit("seconds")
			.tag("kind", kind)
			.register(this.registry)
			.record(late.toMillis() / 1000.0);
	}

	/** Time a request to Vobiz waited for the per-account rate limit. */
	public void paced(String endpoint, Duration wait) {
		Timer.builder("callworker.vobiz.pacing")
			.description("Waits for the per-account rate limit before a request to Vobiz")
			.tag("endpoint", endpoint)
			.register(this.registry)
			.record(wait);
	}

	public InFlight begin() {
		this.inFlight.incrementAndGet();
		return this.inFlight::decrementAndGet;
	}

	/** Closes an in-flight count. */
	@FunctionalInterface
	public interface InFlight extends AutoCloseable {

		@Override
		void close();

	}

}
