package org.callorchestrator.poller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.callorchestrator.serde.SchemaRegistryAvroSerializer;
import org.callorchestrator.testing.Infrastructure;
import org.callorchestrator.testing.RealInfrastructure;
import org.callorchestrator.testing.TestCommands;
import org.callorchestrator.vobiz.InitiateCallRequest;
import org.callorchestrator.vobiz.VobizClient;
import org.callorchestrator.vobiz.VobizSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The documented backfill measurement (not in the default run):
 * {@code services/log-poller/bench/run.sh} starts a standalone sandbox with N seeded logs
 * and runs this with the poller's heap capped; it prints records/s and the peak heap
 * used.
 */
@RealInfrastructure
@EnabledIfSystemProperty(named = "poller.bench.sandbox", matches = "http.*")
class BackfillMeasurement {

	@Test
	void backfillsTheSeededHistory(Infrastructure infra) throws Exception {
		String base = System.getProperty("poller.bench.sandbox");
		int expected = Integer.getInteger("poller.bench.count", 1_000_000);
		infra.createTopicIfAbsent("call.logs", 12);
		String checkpoint = infra.createTopic("poller-bench-checkpoint", 1);
		PollerSettings settings = new PollerSettings(100, Duration.ofHours(3), Duration.ofSeconds(30),
				Duration.ofSeconds(10), Duration.ofMinutes(2), Duration.ofSeconds(2), Duration.ofMillis(20),
				Duration.ofSeconds(5), null, checkpoint, "bench-" + checkpoint, "bench-" + checkpoint,
				VobizSettings.of(URI.create(base), "MA_XXXXXXXX", "sandbox-token"));
		Map<String, Object> kafka = new HashMap<>();
		kafka.put("bootstrap.servers", infra.bootstrapServers());
		kafka.put("schema.registry.url", infra.schemaRegistryUrl());
		SchemaRegistryAvroSerializer serializer = new SchemaRegistryAvroSerializer();
		serializer.configure(kafka, false);
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		PollerMetrics metrics = new PollerMetrics(registry);
		// the service's client: GET /logs held to poller.vobiz.logs-per-second
		VobizClient client = PollerConfiguration.client(settings.vobiz());
		long started = System.nanoTime();
		long peakHeap = 0;
		try (LogPoller poller = new LogPoller(settings, client, kafka, serializer, metrics, Clock.systemUTC())) {
			poller.start();
			while (metrics.records.count() < expected
					&& System.nanoTime() - started < Duration.ofMinutes(10).toNanos()) {
				Thread.sleep(500);
				peakHeap = Math.max(peakHeap, heapUsed());
				if ((long) metrics.records.count() % 100_000 < 1000) {
					System.out.printf("backfill progress: %.0f records%n", metrics.records.count());
				}
			}
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		System.out.printf(
				"%nBACKFILL MEASUREMENT: %.0f records in %.1f s = %.0f records/s, %.0f pages, peak heap used %d MB (max %d MB)%n%n",
				metrics.records.count(), seconds, metrics.records.count() / seconds, metrics.pages.count(),
				peakHeap / (1024 * 1024), Runtime.getRuntime().maxMemory() / (1024 * 1024));
		assertThat(metrics.records.count()).isGreaterThanOrEqualTo(expected);
		liveUpdates(settings, client, kafka, serializer, base);
	}

	/**
	 * Phase 2: the sandbox updates calls at ~100/s; a resumed poller's freshness
	 * (emission − updated_at).
	 */
	void liveUpdates(PollerSettings settings, VobizClient client, Map<String, Object> kafka,
			SchemaRegistryAvroSerializer serializer, String base) throws Exception {
		int seconds = Integer.getInteger("poller.bench.live-seconds", 60);
		PollerMetrics metrics = new PollerMetrics(new SimpleMeterRegistry());
		try (LogPoller poller = new LogPoller(settings, client, kafka, serializer, metrics, Clock.systemUTC())) {
			poller.start();
			// bounded: a poller that cannot take over (its loop died) fails the
			// measurement instead of hanging it
			await().atMost(Duration.ofMinutes(2)).until(poller::isActive);
			Thread.sleep(3000);
			double before = metrics.records.count();
			double pagesBefore = metrics.pages.count();
			long scansBefore = metrics.scan.count();
			double duplicatesBefore = metrics.duplicates.count();
			long measuredFrom = System.nanoTime();
			long until = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
			int calls = 0;
			while (System.nanoTime() < until) {
				// each call changes its row about 4 times (initiated, ringing, accepted,
				// terminated): ~25 calls/s
				for (int i = 0; i < 5; i++) {
					client.initiateCallAsync(new InitiateCallRequest(TestCommands.CHANNEL_ID, "+919876543210",
							"v=0\r\no=- " + (calls++)));
				}
				Thread.sleep(200);
			}
			Thread.sleep(5000);
			var snapshot = metrics.freshness.takeSnapshot();
			double p50 = 0;
			double p99 = 0;
			for (var percentile : snapshot.percentileValues()) {
				if (percentile.percentile() == 0.5) {
					p50 = percentile.value();
				}
				if (percentile.percentile() == 0.99) {
					p99 = percentile.value();
				}
			}
			double elapsed = (System.nanoTime() - measuredFrom) / 1e9;
			double emitted = metrics.records.count() - before;
			double pages = metrics.pages.count() - pagesBefore;
			long scans = metrics.scan.count() - scansBefore;
			double reread = metrics.duplicates.count() - duplicatesBefore;
			double deepRequests = metrics.deepRequests.count();
			System.out.printf(
					"%nLIVE MEASUREMENT: %d calls in %d s, %.0f versions emitted, freshness p50 %.2f s p99 %.2f s (idle interval %s), duplicates suppressed %.0f%n",
					calls, seconds, emitted, p50, p99, settings.idleInterval(), reread);
			double changeable = metrics.changeableRows.takeSnapshot().mean();
			System.out.printf(
					"LIVE COST TO VOBIZ: %.0f pages in %.0f s = %.1f requests/s, %d scans, %.1f pages per scan, %.1f rows re-read per new version%n",
					pages, elapsed, pages / elapsed, scans, (scans > 0) ? pages / scans : 0.0,
					(emitted > 0) ? reread / emitted : 0.0);
			System.out.printf(
					"LIVE GOAL: pages per scan %.1f <= (new rows %.1f + rows that can still change %.1f) / %d + 2 = %.1f; %.0f look-up requests for long calls%n%n",
					(scans > 0) ? pages / scans : 0.0, (scans > 0) ? calls / (double) scans : 0.0, changeable,
					settings.pageSize(), ((scans > 0) ? calls / (double) scans : 0.0) / settings.pageSize()
							+ changeable / settings.pageSize() + 2,
					deepRequests);
		}
	}

	static long heapUsed() {
		long used = 0;
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			if (pool.getType() == MemoryType.HEAP) {
				used += pool.getUsage().getUsed();
			}
		}
		return used;
	}

}
