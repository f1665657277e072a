package org.callorchestrator.poller;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.callorchestrator.vobiz.VobizClient;
import org.callorchestrator.vobiz.VobizClientSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The documented backfill measurement (not in the default run): {@code services/log-poller/bench/run.sh} starts a
 * standalone sandbox with N seeded logs and runs this with the poller's heap capped; it prints records/s and the
 * peak heap used.
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
		PollerSettings settings = new PollerSettings(100, Duration.ofHours(3), Duration.ofSeconds(2),
				Duration.ofMillis(20), Duration.ofSeconds(5), null, checkpoint, "bench-" + checkpoint,
				"bench-" + checkpoint, new PollerSettings.Vobiz(URI.create(base), "MA_XXXXXXXX", "sandbox-token"));
		Map<String, Object> kafka = new HashMap<>();
		kafka.put("bootstrap.servers", infra.bootstrapServers());
		kafka.put("schema.registry.url", infra.schemaRegistryUrl());
		SchemaRegistryAvroSerializer serializer = new SchemaRegistryAvroSerializer();
		serializer.configure(kafka, false);
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		PollerMetrics metrics = new PollerMetrics(registry);
		VobizClient client = new VobizClient(VobizClientSettings.of(base, "MA_XXXXXXXX", "sandbox-token"));
		long started = System.nanoTime();
		long peakHeap = 0;
		try (LogPoller poller = new LogPoller(settings, client, kafka, serializer, metrics, Clock.systemUTC())) {
			poller.start();
			while (metrics.records.count() < expected && System.nanoTime() - started < Duration.ofMinutes(10).toNanos()) {
				Thread.sleep(500);
				peakHeap = Math.max(peakHeap, heapUsed());
				if ((long) metrics.records.count() % 100_000 < 1000) {
					System.out.printf("backfill progress: %.0f records%n", metrics.records.count());
				}
			}
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		System.out.printf("%nBACKFILL MEASUREMENT: %.0f records in %.1f s = %.0f records/s, %.0f pages, peak heap used %d MB (max %d MB)%n%n",
				metrics.records.count(), seconds, metrics.records.count() / seconds, metrics.pages.count(),
				peakHeap / (1024 * 1024), Runtime.getRuntime().maxMemory() / (1024 * 1024));
		assertThat(metrics.records.count()).isGreaterThanOrEqualTo(expected);
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
