package org.callorchestrator.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.utils.Utils;
import org.callorchestrator.bench.ChildProcess;

/**
 * Scenario {@code worker-group}: three call workers as their own processes in one
 * consumer group (the suite's worker and two more), under load (the initiates of
 * {@code --commands} and a fiftieth as many inbound calls × PRE_ACCEPT → ACCEPT →
 * TERMINATE, produced evenly over 60 s, 40 s in the short variant). Once a quarter of the
 * commands concluded, one worker is killed (SIGKILL); at 40 % another joins; at 60 % a
 * rolling restart: one more starts and, once it is ready, another is stopped (SIGTERM, as
 * a platform does). The workers it started stop at the end. Reports the figures of every
 * command (nothing lost, doubled, dialled twice, left OUTCOME_UNKNOWN or reported failed
 * although its call exists; every call's actions in order), each started worker's
 * start-up (process start → readiness, and → its first concluded command) and each
 * fault's rebalance pause: the longest time from the fault to the next concluded command
 * of a command partition that still had work.
 */
final class WorkerGroupFaults {

	/**
	 * Partitions of the command topics (the worker's {@code worker.topics.partitions}
	 * default).
	 */
	private static final int PARTITIONS = 12;

	/**
	 * How long the load is spread over: 60 s, 40 s in the short variant (below 5,000
	 * commands).
	 */
	private final Duration load;

	/** The last reading of the box's CPUs, for how busy it was before a worker starts. */
	private BoxCpu lastReading;

	private final ReliabilitySuite suite;

	private final Path logs;

	private final int commands;

	private final HttpClient http = HttpClient.newHttpClient();

	private final Map<String, Object> figures = Collections.synchronizedMap(new LinkedHashMap<>());

	private final List<String> notes = new ArrayList<>();

	WorkerGroupFaults(ReliabilitySuite suite, Path logs, int commands) {
		this.suite = suite;
		this.logs = logs;
		this.commands = commands;
		this.load = Duration.ofSeconds((commands >= 5000) ? 60 : 40);
	}

	ScenarioResult run() {
		int base = this.suite.portBase + 70;
		ReliabilitySuite.say(
				"worker-group: three workers in one group; %,d initiates and %,d action sequences; kill -9 "
						+ "at 25 %%, a fourth joins at 40 %%, a rolling restart (fifth starts, one SIGTERMed) at 60 %%",
				this.commands, this.commands / 50);
		// the suite's worker (base+82) is the group's first member; two more join it
		List<Started> first = List.of(launch("worker-g1", base), launch("worker-g2", base + 1));
		first.forEach(this::awaitReady);
		List<String> ids = Collections.synchronizedList(new ArrayList<>());
		Map<String, String> partitionKey = new ConcurrentHashMap<>();
		List<List<String>> sequences = Collections.synchronizedList(new ArrayList<>());
		int calls = Math.max(2, this.commands / 50);
		int total = this.commands + calls * 3;
		long started = System.nanoTime();
		// produced evenly over the load time, so the workers that join later find work
		Thread producer = new Thread(() -> {
			int every = Math.max(1, this.commands / calls);
			for (int i = 0; i < this.commands; i++) {
				String id = this.suite.load.initiate().commandId();
				partitionKey.put(id, "i" + partition(id));
				ids.add(id);
				if (i % every == 0 && sequences.size() < calls) {
					// rung just before its actions: an inbound call left ringing too long
					// is missed
					String callId = this.suite.load.inboundCall();
					List<String> sequence = this.suite.load.actionSequence(callId);
					sequence.forEach(action -> partitionKey.put(action, "a" + partition(callId)));
					sequences.add(sequence);
					ids.addAll(sequence);
				}
				if (i % 50 == 49) {
					this.suite.load.flush();
					long due = started + this.load.toNanos() * (i + 1) / this.commands;
					ChildProcess.sleep(Duration.ofNanos(Math.max(0, due - System.nanoTime())));
				}
			}
			this.suite.load.flush();
		}, "worker-group-load");
		producer.start();

		awaitConcluded(ids, total, 0.25);
		this.lastReading = BoxCpu.now();
		long killedAt = System.nanoTime();
		first.get(0).process().kill();
		ReliabilitySuite.say("worker-group: killed worker-g1 with %,d of %,d concluded", concluded(ids), total);

		awaitConcluded(ids, total, 0.40);
		boxBusy("worker-g3");
		Started fourth = launch("worker-g3", base + 2);
		watchFirstCommand(fourth);
		awaitReady(fourth);
		long joinedAt = System.nanoTime();

		awaitConcluded(ids, total, 0.60);
		boxBusy("worker-g4");
		Started fifth = launch("worker-g4", base + 3);
		watchFirstCommand(fifth);
		awaitReady(fifth);
		long stoppedAt = System.nanoTime();
		boolean graceful = first.get(1).process().terminate(Duration.ofSeconds(60));
		double stopSeconds = (System.nanoTime() - stoppedAt) / 1e9;
		ReliabilitySuite.say("worker-group: worker-g2 stopped (SIGTERM) in %.1f s%s", stopSeconds,
				graceful ? "" : " — killed after 60 s");

		try {
			producer.join(Duration.ofMinutes(5).toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		List<String> all = List.copyOf(ids);
		this.suite.results.awaitAll(all, Duration.ofMinutes(10), "worker-group");
		double seconds = (System.nanoTime() - started) / 1e9;
		for (Started worker : List.of(fourth, fifth)) {
			this.figures.put(worker.name() + "_commands", (long) metric(worker.port(), "callworker_commands_total"));
			// back to the suite's one worker for the scenarios after this one
			worker.process().terminate(Duration.ofSeconds(60));
		}
		long disordered = List.copyOf(sequences).stream().filter(this.suite.results::outOfOrder).count();
		this.figures.put("calls_with_actions_out_of_order", disordered);
		this.figures.put("rebalance_pause_after_kill_s", round(pause(all, partitionKey, killedAt)));
		this.figures.put("rebalance_pause_after_join_s", round(pause(all, partitionKey, joinedAt)));
		this.figures.put("rebalance_pause_after_sigterm_s", round(pause(all, partitionKey, stoppedAt)));
		this.figures.put("sigterm_stop_s", round(stopSeconds));
		this.figures.put("sigterm_exited_within_grace", graceful);
		this.figures.put("all_concluded_s", round(seconds));
		ScenarioResult result = this.suite.result("worker-group", all, String.format(
				"%,d commands produced over %d s, all concluded in %.1f s; %d calls' actions out of order; rebalance "
						+ "pauses: kill %.1f s, join %.1f s, SIGTERM %.1f s; %s",
				all.size(), this.load.toSeconds(), seconds, disordered,
				this.figures.get("rebalance_pause_after_kill_s"), this.figures.get("rebalance_pause_after_join_s"),
				this.figures.get("rebalance_pause_after_sigterm_s"), String.join("; ", this.notes)), this.figures);
		if (disordered > 0) {
			return new ScenarioResult(result.scenario(), result.sent(), result.withResult(), result.deadLetters(),
					result.withoutOutcome(), result.duplicateResults() + disordered, result.duplicateDials(),
					result.notes(), result.figures());
		}
		return result;
	}

	private record Started(String name, int port, ChildProcess process, long startedNanos) {
	}

	private Started launch(String name, int port) {
		return new Started(name, port, this.suite.launchWorker(this.logs, name, port), System.nanoTime());
	}

	/**
	 * How busy the box's CPUs were from the fault before to the start of {@code worker}
	 * ({@code <worker>_box_busy_before}, 0–1): the load a joining worker's start-up
	 * competes with.
	 */
	private void boxBusy(String worker) {
		BoxCpu now = BoxCpu.now();
		double busy = now.busySince(this.lastReading);
		this.lastReading = now;
		this.figures.put(worker + "_box_busy_before", Math.round(busy * 100) / 100.0);
	}

	private void awaitReady(Started worker) {
		worker.process()
			.awaitHttp("http://127.0.0.1:" + worker.port() + "/actuator/health/readiness", Duration.ofMinutes(3));
		double seconds = (System.nanoTime() - worker.startedNanos()) / 1e9;
		this.figures.put(worker.name() + "_ready_s", round(seconds));
		this.notes.add(String.format("%s ready %.1f s after its start", worker.name(), seconds));
	}

	/**
	 * Watches, on a thread of its own, when the started worker concludes its first
	 * command (its {@code callworker_commands_total} read every 200 ms, for at most 3
	 * minutes).
	 */
	private void watchFirstCommand(Started worker) {
		Thread watcher = new Thread(() -> {
			long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
			while (System.nanoTime() < deadline) {
				double count = metric(worker.port(), "callworker_commands_total");
				if (count > 0) {
					this.figures.put(worker.name() + "_first_command_s",
							round((System.nanoTime() - worker.startedNanos()) / 1e9));
					return;
				}
				ChildProcess.sleep(Duration.ofMillis(200));
			}
		}, "first-command-" + worker.name());
		watcher.setDaemon(true);
		watcher.start();
	}

	private double metric(int port, String name) {
		try {
			String body = this.http
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
					.timeout(Duration.ofSeconds(5))
					.build(), HttpResponse.BodyHandlers.ofString())
				.body();
			return body.lines()
				.filter(line -> line.startsWith(name))
				.mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
				.sum();
		}
		catch (Exception ex) {
			return Double.NaN;
		}
	}

	/**
	 * The longest time from {@code eventNanos} to the next concluded command of a command
	 * partition that had a command still to conclude at that moment.
	 */
	private double pause(List<String> ids, Map<String, String> partitionKey, long eventNanos) {
		Map<String, Long> next = new LinkedHashMap<>();
		for (String id : ids) {
			OptionalLong seen = this.suite.results.of(id).stream().mapToLong(s -> s.seenNanos()).min();
			if (seen.isPresent() && seen.getAsLong() > eventNanos) {
				next.merge(partitionKey.get(id), seen.getAsLong(), Math::min);
			}
		}
		return next.values().stream().mapToLong(t -> t - eventNanos).max().orElse(0) / 1e9;
	}

	private long concluded(List<String> ids) {
		return this.suite.results.concluded(ids);
	}

	private void awaitConcluded(List<String> ids, int total, double share) {
		this.suite.results.awaitConcluded(ids, (long) (total * share), Duration.ofMinutes(10), "worker-group");
	}

	/** The partition Kafka's default partitioner gives {@code key} on a command topic. */
	private static int partition(String key) {
		return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
	}

	private static double round(double seconds) {
		return Math.round(seconds * 10) / 10.0;
	}

}
