package org.callorchestrator.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.callorchestrator.bench.baseline.PlainListenerBaseline;
import org.callorchestrator.schema.Topics;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/worker-bench}: the call worker's throughput and latency, measured against a
 * plain one-record-at-a-time listener in the same run. See the README's "Throughput
 * benchmark" section for what each figure means.
 */
@Command(name = "worker-bench", mixinStandardHelpOptions = true,
		description = "Measures the call worker's sustained commands/s, latency overhead, CPU and memory against a "
				+ "plain one-record-at-a-time listener (concurrency = partitions), on a real broker, registry and "
				+ "sandbox.")
public final class WorkerBench implements Callable<Integer> {

	@Option(names = "--initiates", defaultValue = "20000",
			description = "Initiates of the backlog run (${DEFAULT-VALUE}).")
	int initiates;

	@Option(names = "--calls", defaultValue = "300",
			description = "Inbound calls each given pre_accept, accept, terminate in the backlog run (${DEFAULT-VALUE}).")
	int calls;

	@Option(names = "--baseline-initiates", defaultValue = "1200",
			description = "Initiates of the baseline's backlog run (${DEFAULT-VALUE}).")
	int baselineInitiates;

	@Option(names = "--baseline-calls", defaultValue = "20",
			description = "Action sequences of the baseline's run (${DEFAULT-VALUE}).")
	int baselineCalls;

	@Option(names = "--latency-ms", defaultValue = "200",
			description = "Sandbox latency per request (${DEFAULT-VALUE}).")
	int latencyMs;

	@Option(names = "--paced-rate", defaultValue = "500",
			description = "Initiates/s of the latency run (${DEFAULT-VALUE}).")
	int pacedRate;

	@Option(names = "--paced-seconds", defaultValue = "20",
			description = "Length of the latency run (${DEFAULT-VALUE}).")
	int pacedSeconds;

	@Option(names = "--warm-up", defaultValue = "2000",
			description = "Initiates before measuring, for the JIT (${DEFAULT-VALUE}).")
	int warmUp;

	@Option(names = "--max-in-flight", defaultValue = "300",
			description = "worker.concurrency.max-in-flight (${DEFAULT-VALUE}).")
	int maxInFlight;

	@Option(names = "--max-poll-records", defaultValue = "1000", description = "Records per poll (${DEFAULT-VALUE}).")
	int maxPollRecords;

	@Option(names = "--listener-concurrency", defaultValue = "2",
			description = "Consumer threads per topic (${DEFAULT-VALUE}).")
	int listenerConcurrency;

	@Option(names = "--worker-heap", defaultValue = "200m", description = "Worker -Xmx (${DEFAULT-VALUE}).")
	String workerHeap;

	@Option(names = "--port-base", defaultValue = "21000",
			description = "Ports: base+92 Kafka, +81 registry, +90 sandbox, +82 worker.")
	int portBase;

	@Option(names = "--worker-jvm", description = "Extra JVM option of the measured worker, repeatable "
			+ "(e.g. -XX:StartFlightRecording=filename=target/worker-bench/worker.jfr).")
	List<String> workerJvm = new ArrayList<>();

	@Option(names = "--stack-jvm",
			description = "Extra JVM option of the local stack (registry and sandbox), repeatable.")
	List<String> stackJvm = new ArrayList<>();

	@Option(names = "--skip-baseline", description = "Measure the worker only.")
	boolean skipBaseline;

	@Option(names = "--output", defaultValue = "target/worker-bench/results.json",
			description = "JSON results (${DEFAULT-VALUE}).")
	Path output;

	public static void main(String[] args) {
		System.exit(new CommandLine(new WorkerBench()).execute(args));
	}

	@Override
	public Integer call() throws Exception {
		Path logs = this.output.toAbsolutePath().getParent();
		Files.createDirectories(logs);
		String bootstrap = "127.0.0.1:" + (this.portBase + 92);
		String registry = "http://127.0.0.1:" + (this.portBase + 81) + "/apis/ccompat/v7";
		String sandbox = "http://127.0.0.1:" + (this.portBase + 90);
		say("Starting broker, registry and sandbox (local stack, services=none) on ports %d+ …", this.portBase);
		long started = System.nanoTime();
		try (ChildProcess stack = ChildProcess.startStack("local-stack", logs, this.portBase, this.stackJvm);
				CommandLoad load = new CommandLoad(bootstrap, registry, sandbox + "/sandbox");
				ResultWatcher results = new ResultWatcher(bootstrap, registry)) {
			say("Ready in %.1f s; sandbox latency %d ms per request", (System.nanoTime() - started) / 1e9,
					this.latencyMs);
			load.sandboxFaults("{\"latency\":{\"fixed_ms\":" + this.latencyMs + ",\"jitter_ms\":0}}");
			Stage stage = new Stage(stack, load, results, logs, bootstrap, registry, sandbox);
			List<String> workerArgs = List.of("--worker.concurrency.max-in-flight=" + this.maxInFlight,
					"--worker.vobiz.max-connections=" + this.maxInFlight,
					"--spring.kafka.consumer.max-poll-records=" + this.maxPollRecords,
					"--worker.listener.concurrency=" + this.listenerConcurrency);
			RunResult worker = stage.run("call-worker",
					stage.workerCommand(this.workerHeap, this.workerJvm, workerArgs), false, workerArgs, this.warmUp,
					this.initiates, this.calls, this.pacedRate, this.pacedSeconds, this.latencyMs);
			RunResult baseline = null;
			if (!this.skipBaseline) {
				baseline = stage.run("baseline", stage.baselineCommand(this.workerHeap), true,
						List.of("plain @KafkaListener, concurrency 12"), Math.min(this.warmUp, 500),
						this.baselineInitiates, this.baselineCalls, 0, 0, this.latencyMs);
			}
			Report report = new Report(worker, baseline, load.duplicateDialOffers(), this.latencyMs, this.pacedRate,
					workerArgs);
			System.out.println(report.table());
			ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
			json.writeValue(this.output.toFile(), report.json());
			say("JSON results: %s; logs in %s", this.output, logs);
			return report.clean() ? 0 : 1;
		}
	}

	static void say(String format, Object... args) {
		System.out.printf("[worker-bench] " + format + "%n", args);
	}

	/** What the runs share: the stack, the load, the result watcher. */
	record Stage(ChildProcess stack, CommandLoad load, ResultWatcher results, Path logs, String bootstrap,
			String registry, String sandbox) {

		List<String> workerCommand(String heap, List<String> jvm, List<String> settings) {
			List<String> args = new ArrayList<>(List.of("--server.port=" + workerPort(),
					"--worker.vobiz.base-url=" + this.sandbox + "/api/v1/messaging",
					"--worker.vobiz.auth-id=MA_XXXXXXXX", "--worker.vobiz.auth-token=sandbox-token",
					"--logging.level.org.callorchestrator=WARN"));
			args.addAll(settings);
			return ChildProcess.springBoot(heap, jvm, ChildProcess.serviceJar("call-worker"), this.bootstrap,
					this.registry, args);
		}

		List<String> baselineCommand(String heap) {
			return ChildProcess.springBoot(heap, List.of("-Dloader.main=" + PlainListenerBaseline.class.getName()),
					"tools/worker-bench/target/worker-bench-exec.jar", this.bootstrap, this.registry,
					List.of("--baseline.vobiz.base-url=" + this.sandbox + "/api/v1/messaging"));
		}

		int workerPort() {
			return Integer.parseInt(this.bootstrap.split(":")[1]) - 10;
		}

		RunResult run(String name, List<String> command, boolean plainListener, List<String> settings, int warmUp,
				int initiates, int calls, int pacedRate, int pacedSeconds, int latencyMs) {
			say("%s: starting %s", name, plainListener ? "a plain @KafkaListener (12 threads per topic)"
					: "the worker with " + String.join(" ", settings));
			if (plainListener) {
				GroupOffsets.moveToEnd(this.bootstrap,
						Map.of("baseline-initiate", Topics.CALL_INITIATE, "baseline-action", Topics.CALL_ACTION));
			}
			try (ChildProcess worker = ChildProcess.start(name, this.logs, command)) {
				if (plainListener) {
					worker.awaitLog("Started PlainListenerBaseline", Duration.ofMinutes(2));
				}
				else {
					worker.awaitHttp("http://127.0.0.1:" + workerPort() + "/actuator/health/readiness",
							Duration.ofMinutes(2));
				}
				say("%s: warm-up with %,d initiates", name, warmUp);
				List<String> warm = new ArrayList<>();
				for (int i = 0; i < warmUp; i++) {
					warm.add(this.load.initiate().commandId());
				}
				this.load.flush();
				this.results.awaitAll(warm, Duration.ofMinutes(5), name + " warm-up");
				// the backlog first: it also finishes the JIT's warm-up before latency is
				// measured
				Backlog backlog = backlog(name, worker, initiates, calls);
				Paced paced = (pacedRate > 0) ? paced(name, pacedRate, pacedSeconds, latencyMs) : null;
				return new RunResult(name, settings, backlog, paced, worker.rssBytes(), worker.peakRssBytes());
			}
		}

		private Backlog backlog(String name, ChildProcess worker, int initiates, int calls) {
			List<String> callIds = new ArrayList<>(calls);
			for (int i = 0; i < calls; i++) {
				callIds.add(this.load.inboundCall());
			}
			say("%s: backlog of %,d initiates and %,d actions on %,d calls", name, initiates, calls * 3, calls);
			long workerCpu = worker.cpuNanos();
			long stackCpu = this.stack.cpuNanos() - this.stack.descendantsCpuNanos();
			long brokerCpu = this.stack.descendantsCpuNanos();
			long benchCpu = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).toNanos();
			long start = System.nanoTime();
			List<String> commands = new ArrayList<>(initiates + calls * 3);
			List<List<String>> sequences = new ArrayList<>(calls);
			int every = Math.max(1, initiates / Math.max(1, calls));
			int nextCall = 0;
			for (int i = 0; i < initiates; i++) {
				commands.add(this.load.initiate().commandId());
				if (i % every == 0 && nextCall < calls) {
					List<String> sequence = this.load.actionSequence(callIds.get(nextCall++));
					sequences.add(sequence);
					commands.addAll(sequence);
				}
			}
			while (nextCall < calls) {
				List<String> sequence = this.load.actionSequence(callIds.get(nextCall++));
				sequences.add(sequence);
				commands.addAll(sequence);
			}
			this.load.flush();
			long produced = System.nanoTime();
			long missing = this.results.awaitAll(commands, Duration.ofMinutes(30), name);
			long end = commands.stream()
				.flatMap(id -> this.results.of(id).stream())
				.mapToLong(ResultWatcher.Seen::seenNanos)
				.max()
				.orElse(System.nanoTime());
			long duplicates = commands.stream().filter(id -> this.results.of(id).size() > 1).count();
			long disordered = sequences.stream().filter(this.results::outOfOrder).count();
			Map<String, Double> cpuSeconds = new LinkedHashMap<>();
			cpuSeconds.put("worker", (worker.cpuNanos() - workerCpu) / 1e9);
			cpuSeconds.put("registry+sandbox",
					(this.stack.cpuNanos() - this.stack.descendantsCpuNanos() - stackCpu) / 1e9);
			cpuSeconds.put("broker", (this.stack.descendantsCpuNanos() - brokerCpu) / 1e9);
			cpuSeconds.put("load generator+watcher",
					(ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).toNanos() - benchCpu)
							/ 1e9);
			double seconds = (end - start) / 1e9;
			Backlog backlog = new Backlog(commands.size(), initiates, calls * 3, seconds, commands.size() / seconds,
					(produced - start) / 1e9, missing, duplicates, disordered, cpuSeconds,
					cpuSeconds.get("worker") * 1e6 / commands.size());
			say("%s: %,d commands in %.1f s = %,.1f commands/s (%d without a result, %d with more than one, %d calls "
					+ "out of order)", name, commands.size(), seconds, backlog.commandsPerSecond(), missing, duplicates,
					disordered);
			return backlog;
		}

		private Paced paced(String name, int rate, int seconds, int latencyMs) {
			int total = rate * seconds;
			say("%s: latency run, %,d initiates at %,d/s", name, total, rate);
			List<String> ids = new ArrayList<>(total);
			long start = System.nanoTime();
			for (int i = 0; i < total; i++) {
				long due = start + (long) (i * (1e9 / rate));
				long wait = due - System.nanoTime();
				if (wait > 1_000_000) {
					ChildProcess.sleep(Duration.ofNanos(wait));
				}
				ids.add(this.load.initiate().commandId());
			}
			this.load.flush();
			double achieved = total / ((System.nanoTime() - start) / 1e9);
			long missing = this.results.awaitAll(ids, Duration.ofMinutes(5), name + " latency run");
			double[] latencies = ids.stream()
				.filter(id -> !this.results.of(id).isEmpty())
				.mapToDouble(id -> (this.results.of(id).get(0).seenNanos() - this.load.sentNanos(id)) / 1e6)
				.sorted()
				.toArray();
			double[] overheads = Arrays.stream(latencies).map(l -> l - latencyMs).toArray();
			double[] inWorker = ids.stream()
				.filter(id -> !this.results.of(id).isEmpty())
				.mapToDouble(id -> this.results.of(id).get(0).writtenMillis() - this.load.sentMillis(id) - latencyMs)
				.sorted()
				.toArray();
			double[] toReader = ids.stream()
				.filter(id -> !this.results.of(id).isEmpty())
				.mapToDouble(id -> this.results.of(id).get(0).seenMillis() - this.results.of(id).get(0).writtenMillis())
				.sorted()
				.toArray();
			Paced paced = new Paced(total, achieved, missing, percentiles(latencies), percentiles(overheads),
					percentiles(inWorker), percentiles(toReader));
			say("%s: overhead split: command sent -> result sent by the worker (minus Vobiz) p50 %.0f / p99 %.0f ms; "
					+ "result sent -> read committed p50 %.0f / p99 %.0f ms", name, paced.inWorkerMs().get("p50"),
					paced.inWorkerMs().get("p99"), paced.toReaderMs().get("p50"), paced.toReaderMs().get("p99"));
			say("%s: latency p50 %.1f ms, p95 %.1f ms, p99 %.1f ms; overhead p99 %.1f ms", name,
					paced.latencyMs().get("p50"), paced.latencyMs().get("p95"), paced.latencyMs().get("p99"),
					paced.overheadMs().get("p99"));
			return paced;
		}

		private static Map<String, Double> percentiles(double[] sorted) {
			Map<String, Double> p = new LinkedHashMap<>();
			for (double q : new double[] { 0.50, 0.95, 0.99 }) {
				p.put("p" + Math.round(q * 100), (sorted.length == 0) ? Double.NaN
						: sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]);
			}
			p.put("max", (sorted.length == 0) ? Double.NaN : sorted[sorted.length - 1]);
			return p;
		}

	}

	/**
	 * The backlog run: every command produced at once, drained by the worker.
	 *
	 * @param commands initiates + actions
	 * @param initiates initiates
	 * @param actions actions
	 * @param seconds first send → last result
	 * @param commandsPerSecond sustained rate
	 * @param produceSeconds how long producing took
	 * @param withoutResult commands that got no result on {@code call.command-results}
	 * (JSON key {@code withoutEvent}, kept from when outcomes were events)
	 * @param duplicateResults commands that got more than one result (JSON key
	 * {@code duplicateEvents})
	 * @param callsOutOfOrder action sequences whose results are not PRE_ACCEPTED,
	 * ACCEPTED, TERMINATED in offset order
	 * @param cpuSeconds CPU time per component during the run
	 * @param workerCpuMicrosPerCommand the worker's CPU per command
	 */
	record Backlog(int commands, int initiates, int actions, double seconds, double commandsPerSecond,
			double produceSeconds, @JsonProperty("withoutEvent") long withoutResult,
			@JsonProperty("duplicateEvents") long duplicateResults, long callsOutOfOrder,
			Map<String, Double> cpuSeconds, double workerCpuMicrosPerCommand) {
	}

	/**
	 * The latency run at a fixed rate.
	 *
	 * @param initiates sent
	 * @param achievedRate rate the load generator held
	 * @param withoutResult initiates that got no result (JSON key {@code withoutEvent})
	 * @param latencyMs send → result read, in ms
	 * @param overheadMs latency minus the sandbox's
	 * @param inWorkerMs command sent → its result sent by the worker, minus the sandbox's
	 * latency (record timestamps)
	 * @param toReaderMs result sent → read here (transaction commit, then delivery to a
	 * read_committed consumer)
	 */
	record Paced(int initiates, double achievedRate, @JsonProperty("withoutEvent") long withoutResult,
			Map<String, Double> latencyMs, Map<String, Double> overheadMs, Map<String, Double> inWorkerMs,
			Map<String, Double> toReaderMs) {
	}

	/**
	 * One worker configuration's figures.
	 *
	 * @param name call-worker or baseline
	 * @param settings its settings
	 * @param backlog the backlog run
	 * @param paced the latency run, if any
	 * @param rssBytes resident memory at the end
	 * @param peakRssBytes peak resident memory
	 */
	record RunResult(String name, List<String> settings, Backlog backlog, Paced paced, long rssBytes,
			long peakRssBytes) {
	}

}
