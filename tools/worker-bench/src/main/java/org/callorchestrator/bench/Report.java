package org.callorchestrator.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.callorchestrator.bench.WorkerBench.RunResult;

/** The benchmark's table and JSON. */
final class Report {

	private final RunResult worker;

	private final RunResult baseline;

	private final long duplicateDialOffers;

	private final int latencyMs;

	private final int pacedRate;

	private final List<String> workerSettings;

	Report(RunResult worker, RunResult baseline, long duplicateDialOffers, int latencyMs, int pacedRate,
			List<String> workerSettings) {
		this.worker = worker;
		this.baseline = baseline;
		this.duplicateDialOffers = duplicateDialOffers;
		this.latencyMs = latencyMs;
		this.pacedRate = pacedRate;
		this.workerSettings = workerSettings;
	}

	boolean clean() {
		return clean(this.worker) && (this.baseline == null || clean(this.baseline)) && this.duplicateDialOffers == 0;
	}

	private static boolean clean(RunResult run) {
		return run.backlog().withoutResult() == 0 && run.backlog().duplicateResults() == 0
				&& run.backlog().callsOutOfOrder() == 0 && (run.paced() == null || run.paced().withoutResult() == 0);
	}

	String table() {
		StringBuilder out = new StringBuilder("\n");
		row(out, "", "call-worker", "baseline", "ratio");
		row(out, "settings", "lanes " + this.workerSettings.get(0).replaceAll(".*=", ""), "plain @KafkaListener x12",
				"");
		row(out, "commands (initiates + actions)", num(this.worker.backlog().commands()),
				(this.baseline != null) ? num(this.baseline.backlog().commands()) : "-", "");
		row(out, "sustained commands/s", fmt(this.worker.backlog().commandsPerSecond()),
				(this.baseline != null) ? fmt(this.baseline.backlog().commandsPerSecond()) : "-",
				(this.baseline != null)
						? String.format("%.1f×",
								this.worker.backlog().commandsPerSecond() / this.baseline.backlog().commandsPerSecond())
						: "");
		row(out, "worker CPU µs per command", fmt(this.worker.backlog().workerCpuMicrosPerCommand()),
				(this.baseline != null) ? fmt(this.baseline.backlog().workerCpuMicrosPerCommand()) : "-", "");
		row(out, "worker RSS end / peak (MB)", mb(this.worker), (this.baseline != null) ? mb(this.baseline) : "-", "");
		if (this.worker.paced() != null) {
			WorkerBench.Paced paced = this.worker.paced();
			row(out, "latency at " + this.pacedRate + "/s p50/p95/p99 (ms)", String.format("%.1f / %.1f / %.1f",
					paced.latencyMs().get("p50"), paced.latencyMs().get("p95"), paced.latencyMs().get("p99")), "-", "");
			row(out, "overhead (- " + this.latencyMs + " ms) p50/p95/p99", String.format("%.1f / %.1f / %.1f",
					paced.overheadMs().get("p50"), paced.overheadMs().get("p95"), paced.overheadMs().get("p99")), "-",
					"");
		}
		row(out, "without result / duplicate results",
				this.worker.backlog().withoutResult() + " / " + this.worker.backlog().duplicateResults(),
				(this.baseline != null)
						? this.baseline.backlog().withoutResult() + " / " + this.baseline.backlog().duplicateResults()
						: "-",
				"");
		row(out, "calls with actions out of order", Long.toString(this.worker.backlog().callsOutOfOrder()),
				(this.baseline != null) ? Long.toString(this.baseline.backlog().callsOutOfOrder()) : "-", "");
		row(out, "duplicate dials (sandbox, all runs)", Long.toString(this.duplicateDialOffers), "", "");
		out.append("\nCPU seconds during the backlog run, by component:\n");
		this.worker.backlog()
			.cpuSeconds()
			.forEach((component, seconds) -> row(out, "  " + component, fmt(seconds),
					(this.baseline != null) ? fmt(this.baseline.backlog().cpuSeconds().get(component)) : "-", ""));
		row(out, "  wall-clock seconds", fmt(this.worker.backlog().seconds()),
				(this.baseline != null) ? fmt(this.baseline.backlog().seconds()) : "-", "");
		return out.toString();
	}

	Map<String, Object> json() {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("sandbox_latency_ms", this.latencyMs);
		json.put("worker", this.worker);
		json.put("baseline", this.baseline);
		if (this.baseline != null) {
			json.put("ratio", this.worker.backlog().commandsPerSecond() / this.baseline.backlog().commandsPerSecond());
		}
		json.put("duplicate_dial_offers", this.duplicateDialOffers);
		json.put("clean", clean());
		return json;
	}

	private static String mb(RunResult run) {
		return String.format("%,d / %,d", run.rssBytes() >> 20, run.peakRssBytes() >> 20);
	}

	private static String num(long value) {
		return String.format("%,d", value);
	}

	private static String fmt(double value) {
		return String.format("%,.1f", value);
	}

	private static void row(StringBuilder out, String label, String worker, String baseline, String ratio) {
		out.append(String.format("%-42s %-24s %-26s %s%n", label, worker, baseline, ratio));
	}

}
