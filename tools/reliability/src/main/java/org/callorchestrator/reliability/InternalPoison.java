package org.callorchestrator.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.callorchestrator.bench.ChildProcess;
import org.callorchestrator.schema.PollerCheckpoint;
import org.callorchestrator.schema.Topics;

/**
 * Part of scenario {@code poison}: a record no reader can decode on every topic a service
 * mirrors or consumes internally — the worker's outcome mirror
 * ({@code call-worker.command-outcomes}), the poller's checkpoint (under its checkpoint
 * key), {@code call.logs}, the ingress's {@code seen-deliveries} and {@code call-ids},
 * and call-state's inputs {@code call.command-results} and
 * {@code webhook-ingress.observations} (call-state, started later, reads them from the
 * beginning) — then valid initiates after it. Each reader must skip and count it, never
 * stop: every service's liveness stays UP, the skip counters move, the later commands are
 * applied.
 */
final class InternalPoison {

	private static final byte[] GARBAGE = "\u0000\u0000\u0000\u007f\u00ff not a record"
		.getBytes(StandardCharsets.UTF_8);

	private final ReliabilitySuite suite;

	private final Map<String, Integer> ports;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	/**
	 * @param ports the services to check, by name: worker, ingress, poller
	 */
	InternalPoison(ReliabilitySuite suite, Map<String, Integer> ports) {
		this.suite = suite;
		this.ports = ports;
	}

	/**
	 * Writes the poison, then {@code after} valid initiates; returns their command ids,
	 * and fills {@code figures} with the skip counters and {@code services_not_live}.
	 */
	List<String> run(int after, Map<String, Object> figures) {
		Map<String, Double> before = counters();
		String key = "poison-" + UUID.randomUUID();
		for (String topic : List.of("call-worker.command-outcomes", Topics.CALL_LOGS, "webhook-ingress.seen-deliveries",
				"webhook-ingress.call-ids", Topics.CALL_COMMAND_RESULTS, Topics.WEBHOOK_OBSERVATIONS)) {
			this.suite.load.raw(topic, key, GARBAGE);
		}
		this.suite.load.raw("log-poller.checkpoint", PollerCheckpoint.KEY, GARBAGE);
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < after; i++) {
			ids.add(this.suite.load.initiate().commandId());
		}
		this.suite.load.flush();
		this.suite.results.awaitAll(ids, Duration.ofMinutes(2), "commands after the internal poison");
		// the skip counters: each mirror read its poison record
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		Map<String, Double> moved = new LinkedHashMap<>();
		while (System.nanoTime() < deadline) {
			Map<String, Double> now = counters();
			moved.clear();
			now.forEach((name, value) -> moved.put(name, value - before.getOrDefault(name, 0.0)));
			if (moved.values().stream().allMatch(v -> v >= 1)) {
				break;
			}
			ChildProcess.sleep(Duration.ofMillis(200));
		}
		moved.forEach((name, value) -> figures.put("skipped_" + name, value.longValue()));
		List<String> notLive = new ArrayList<>();
		this.ports.forEach((service, port) -> {
			if (!live(port)) {
				notLive.add(service);
			}
		});
		figures.put(ScenarioResult.SERVICES_NOT_LIVE, (long) notLive.size());
		if (!notLive.isEmpty()) {
			figures.put("services_not_live_names", String.join(",", notLive));
		}
		return ids;
	}

	/** The skip counters this scenario expects to move, by a short name. */
	private Map<String, Double> counters() {
		Map<String, Double> counters = new LinkedHashMap<>();
		if (this.ports.containsKey("worker")) {
			String worker = metrics(this.ports.get("worker"));
			counters.put("worker_outcome_mirror", sum(worker, "callworker_outcomes_skipped_total"));
			counters.put("worker_call_log_index", sum(worker, "callworker_reconcile_skipped_total"));
		}
		if (this.ports.containsKey("ingress")) {
			String ingress = metrics(this.ports.get("ingress"));
			for (String view : List.of("seen-deliveries", "call-ids", "call-logs")) {
				counters.put("ingress_" + view.replace('-', '_'), sum(ingress,
						"ingress_views_skipped_total{application=\"webhook-ingress\",view=\"" + view + "\"}"));
			}
		}
		return counters;
	}

	private boolean live(int port) {
		try {
			return this.http
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/liveness"))
					.timeout(Duration.ofSeconds(5))
					.build(), HttpResponse.BodyHandlers.discarding())
				.statusCode() == 200;
		}
		catch (Exception ex) {
			return false;
		}
	}

	private String metrics(int port) {
		try {
			return this.http
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
					.timeout(Duration.ofSeconds(5))
					.build(), HttpResponse.BodyHandlers.ofString())
				.body();
		}
		catch (Exception ex) {
			return "";
		}
	}

	private static double sum(String metrics, String prefix) {
		return metrics.lines()
			.filter(line -> line.startsWith(prefix))
			.mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

}
