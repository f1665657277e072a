package org.callorchestrator.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario {@code vobiz-unanswered}: Vobiz applies a request and never answers it, for 5
 * % of the initiates and 5 % of the actions under load — half by resetting the connection
 * at once, half by holding it past the worker's response timeout (10 s) and then dropping
 * it. Every such command must be settled from the call logs (found, or proven absent and
 * sent once more): no dead letter, nobody dialled twice.
 */
final class VobizUnanswered {

	/** Just past the worker's default {@code worker.vobiz.response-timeout} (10 s). */
	private static final int STALL_SECONDS = 11;

	private final ReliabilitySuite suite;

	private final int initiates;

	VobizUnanswered(ReliabilitySuite suite, int initiates) {
		this.suite = suite;
		this.initiates = initiates;
	}

	ScenarioResult run() {
		int calls = Math.max(2, this.initiates / 20);
		ReliabilitySuite.say(
				"vobiz-unanswered: %,d initiates and %,d inbound calls × PRE_ACCEPT/ACCEPT/TERMINATE; 5 %% "
						+ "of each applied and never answered (reset, or held %d s)",
				this.initiates, calls, STALL_SECONDS);
		Map<String, Double> before = unknownOutcomes();
		String latency = "\"latency\":{\"fixed_ms\":" + this.suite.latencyMs + ",\"jitter_ms\":0}";
		this.suite.load.sandboxFaults(
				"{" + latency + ",\"unanswered\":[" + "{\"endpoint\":\"initiate\",\"rate\":0.025,\"mode\":\"reset\"},"
						+ "{\"endpoint\":\"initiate\",\"rate\":0.025,\"mode\":\"stall\",\"stall_seconds\":"
						+ STALL_SECONDS + "}," + "{\"endpoint\":\"action\",\"rate\":0.025,\"mode\":\"reset\"},"
						+ "{\"endpoint\":\"action\",\"rate\":0.025,\"mode\":\"stall\",\"stall_seconds\":"
						+ STALL_SECONDS + "}]}");
		List<String> ids = new ArrayList<>();
		List<List<String>> sequences = new ArrayList<>();
		int every = Math.max(1, this.initiates / calls);
		try {
			for (int i = 0; i < this.initiates; i++) {
				ids.add(this.suite.load.initiate().commandId());
				if (i % every == 0 && sequences.size() < calls) {
					List<String> sequence = this.suite.load.actionSequence(this.suite.load.inboundCall());
					sequences.add(sequence);
					ids.addAll(sequence);
				}
			}
			this.suite.load.flush();
			this.suite.results.awaitAll(ids, Duration.ofMinutes(5), "vobiz-unanswered");
		}
		finally {
			this.suite.load.sandboxFaults("{" + latency + "}");
		}
		Map<String, Double> after = unknownOutcomes();
		Map<String, Object> figures = new LinkedHashMap<>();
		after.forEach((resolution, count) -> figures.put("unknown_outcomes_" + resolution,
				Math.round(count - before.getOrDefault(resolution, 0.0))));
		long disordered = sequences.stream().filter(this.suite.results::outOfOrder).count();
		figures.put("calls_with_actions_out_of_order", disordered);
		ScenarioResult result = this.suite.result("vobiz-unanswered", ids,
				String.format(
						"outcomes unknown, by how the " + "worker settled them: %s; %d calls' actions out of order",
						figures, disordered),
				figures);
		return result;
	}

	/** The worker's {@code callworker_unknown_outcomes_total}, summed by resolution. */
	private Map<String, Double> unknownOutcomes() {
		Map<String, Double> byResolution = new LinkedHashMap<>();
		try {
			String metrics = HttpClient.newHttpClient()
				.send(HttpRequest
					.newBuilder(URI.create("http://127.0.0.1:" + (this.suite.portBase + 82) + "/actuator/prometheus"))
					.timeout(Duration.ofSeconds(5))
					.build(), HttpResponse.BodyHandlers.ofString())
				.body();
			metrics.lines().filter(line -> line.startsWith("callworker_unknown_outcomes_total{")).forEach(line -> {
				String resolution = line.replaceAll(".*resolution=\"([^\"]+)\".*", "$1");
				byResolution.merge(resolution, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)),
						Double::sum);
			});
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not read the worker's metrics", ex);
		}
		return byResolution;
	}

}
