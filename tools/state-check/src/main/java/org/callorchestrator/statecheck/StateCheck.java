package org.callorchestrator.statecheck;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.callorchestrator.bench.ChildProcess;
import org.callorchestrator.bench.CommandLoad;
import org.callorchestrator.schema.CallAction;
import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.CallStatus;
import org.callorchestrator.schema.CommandResult;
import org.callorchestrator.schema.EventSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/state-check}: calls through the whole local stack (broker, registry, sandbox
 * and the four services, as {@code bin/local-stack} runs them) with the sandbox
 * delivering a share of webhooks twice and dropping every webhook of a share of the
 * calls, then the canonical history of every call checked against the sandbox's call logs
 * — and the time from a webhook's observation being published by the ingress to its
 * transition being readable on {@code call.events}. Outbound calls are initiated through
 * {@code call.initiate} (half of the answered ones hung up by a TERMINATE command, the
 * others by the callee); inbound calls are rung by the sandbox and answered with
 * PRE_ACCEPT and ACCEPT once their RINGING transition is read, as an agent app would.
 * Prints a table, writes {@code target/state-check/results.json}, exits 1 on any repeated
 * status, gap, wrong previous status, final-state mismatch, command without exactly one
 * result, or call not finished in time.
 */
@Command(name = "state-check", mixinStandardHelpOptions = true,
		description = "Drive calls through the local stack with duplicate and dropped webhooks; check every call's "
				+ "transitions and final state; measure webhook-to-transition latency.")
public final class StateCheck implements Callable<Integer> {

	private static final Set<String> FINAL = Set.of("rejected", "terminated", "failed", "missed");

	@Option(names = "--calls", description = "calls to drive (default ${DEFAULT-VALUE})", defaultValue = "1000")
	int calls;

	@Option(names = "--rate", description = "new calls per second (default ${DEFAULT-VALUE})", defaultValue = "200")
	int rate;

	@Option(names = "--warmup-calls",
			description = "calls driven first, at the same rate, to warm the JVMs up: "
					+ "checked like the others, left out of the latency (default ${DEFAULT-VALUE})",
			defaultValue = "1000")
	int warmupCalls;

	@Option(names = "--inbound-share", description = "share of calls that are inbound (default ${DEFAULT-VALUE})",
			defaultValue = "0.2")
	double inboundShare;

	@Option(names = "--duplicate-share", description = "share of webhooks delivered twice (default ${DEFAULT-VALUE})",
			defaultValue = "0.5")
	double duplicateShare;

	@Option(names = "--dropped-call-share",
			description = "share of calls whose every webhook is dropped (default ${DEFAULT-VALUE})",
			defaultValue = "0.2")
	double droppedCallShare;

	@Option(names = "--talk-seconds", description = "how long an answered call lasts before the other party hangs up "
			+ "(default ${DEFAULT-VALUE})", defaultValue = "4")
	int talkSeconds;

	@Option(names = "--port-base", description = "ports: Kafka +92, registry +81, sandbox +90, worker +82, ingress "
			+ "+83, poller +84, call-state +85 (default ${DEFAULT-VALUE})", defaultValue = "32000")
	int portBase;

	@Option(names = "--timeout-seconds", description = "longest wait for every call to end (default ${DEFAULT-VALUE})",
			defaultValue = "300")
	int timeoutSeconds;

	@Option(names = "--stack-property", description = "a system property for the local stack's JVM, e.g. "
			+ "spring.kafka.streams.properties.commit.interval.ms=50 (repeatable)")
	List<String> stackProperties = new ArrayList<>();

	@Option(names = "--output", description = "folder for results.json and the logs (default ${DEFAULT-VALUE})",
			defaultValue = "target/state-check")
	Path output;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

	public static void main(String[] args) {
		System.exit(new CommandLine(new StateCheck()).execute(args));
	}

	@Override
	public Integer call() throws Exception {
		String bootstrap = "127.0.0.1:" + (this.portBase + 92);
		String registry = "http://127.0.0.1:" + (this.portBase + 81) + "/apis/ccompat/v7";
		String sandbox = "http://127.0.0.1:" + (this.portBase + 90) + "/sandbox";
		String state = "http://127.0.0.1:" + (this.portBase + 85);
		say("Starting the local stack with every service on ports %d+ …", this.portBase);
		List<String> jvm = new ArrayList<>(List.of("-Dsandbox.timing.talk-duration=" + this.talkSeconds + "s",
				"-Dkafka.port=" + (this.portBase + 92), "-Dregistry.port=" + (this.portBase + 81),
				"-Dsandbox.port=" + (this.portBase + 90), "-Dworker.port=" + (this.portBase + 82),
				"-Dingress.port=" + (this.portBase + 83), "-Dpoller.port=" + (this.portBase + 84),
				"-Dstate.port=" + (this.portBase + 85)));
		this.stackProperties.forEach(property -> jvm.add("-D" + property));
		jvm.addAll(List.of("-jar", "tools/local-stack/target/local-stack-exec.jar"));
		try (ChildProcess stack = ChildProcess.start("local-stack", this.output.resolve("logs"),
				ChildProcess.java("1g", jvm.toArray(String[]::new)))) {
			stack.awaitLog("local stack ready", Duration.ofMinutes(4));
			stack.awaitHttp(state + "/actuator/health/readiness", Duration.ofMinutes(2));
			try (CommandLoad load = new CommandLoad(bootstrap, registry, sandbox);
					Ledger ledger = new Ledger(bootstrap, registry)) {
				put(sandbox + "/webhooks/duplicate-rate", "{\"rate\":" + this.duplicateShare + "}");
				load.sandboxFaults("{\"webhook_drops\":{\"call_share\":" + this.droppedCallShare + "}}");
				return run(load, ledger, sandbox, stack);
			}
		}
	}

	private int run(CommandLoad load, Ledger ledger, String sandbox, ChildProcess stack) throws Exception {
		List<String> initiates = new ArrayList<>();
		List<String> inbound = new ArrayList<>();
		List<String> actions = Collections.synchronizedList(new ArrayList<>());
		Agent agent = new Agent(load, ledger, initiates, inbound, actions);
		Thread agentThread = new Thread(agent, "agent");
		agentThread.setDaemon(true);
		agentThread.start();
		if (this.warmupCalls > 0) {
			say("Warming up with %,d calls at %d/s …", this.warmupCalls, this.rate);
			drive(load, this.warmupCalls, initiates, inbound);
			Thread.sleep(15_000);
		}
		int measuredInitiatesFrom = initiates.size();
		int measuredInboundFrom = inbound.size();
		say("Driving %,d calls at %d/s (%.0f%% inbound), %.0f%% of webhooks twice, every webhook of %.0f%% of the "
				+ "calls dropped …", this.calls, this.rate, this.inboundShare * 100, this.duplicateShare * 100,
				this.droppedCallShare * 100);
		double sentSeconds = drive(load, this.calls, initiates, inbound);
		say("Sent in %.1f s; waiting for every call to end and call-state to agree with the sandbox …", sentSeconds);
		this.measured = new Measured(measuredInitiatesFrom, measuredInboundFrom);
		int total = this.warmupCalls + this.calls;

		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(this.timeoutSeconds);
		Map<String, String> finalStatus = new ConcurrentHashMap<>();
		List<String> callIds = new ArrayList<>();
		while (System.nanoTime() < deadline) {
			callIds = callIds(ledger, initiates, inbound);
			for (String callId : callIds) {
				if (!finalStatus.containsKey(callId)) {
					String status = sandboxStatus(sandbox, callId);
					if (status != null && FINAL.contains(status) && ledger.state(callId) != null
							&& ledger.state(callId).getStatus().name().equalsIgnoreCase(status)) {
						finalStatus.put(callId, status);
					}
				}
			}
			if (callIds.size() == total && finalStatus.size() == total) {
				break;
			}
			say("  %,d of %,d calls ended and agreed (%,d transitions so far)", finalStatus.size(), total,
					ledger.transitionsBySource().values().stream().mapToLong(Long::longValue).sum());
			Thread.sleep(2000);
		}
		agent.stop();
		Thread.sleep(3000);
		return report(ledger, sandbox, initiates, inbound, actions, callIds, finalStatus, sentSeconds, stack);
	}

	/**
	 * Where the measured calls start in the lists of initiates and inbound calls (the
	 * warm-up's come first).
	 */
	private record Measured(int initiatesFrom, int inboundFrom) {
	}

	private Measured measured = new Measured(0, 0);

	/**
	 * Sends {@code count} calls at the rate: every {@code 1/inbound-share}-th inbound;
	 * returns the seconds it took.
	 */
	private double drive(CommandLoad load, int count, List<String> initiates, List<String> inbound)
			throws InterruptedException {
		long started = System.nanoTime();
		int inboundEvery = (this.inboundShare > 0) ? (int) Math.round(1 / this.inboundShare) : Integer.MAX_VALUE;
		for (int i = 0; i < count; i++) {
			long due = started + TimeUnit.SECONDS.toNanos(i) / this.rate;
			long wait = due - System.nanoTime();
			if (wait > 0) {
				TimeUnit.NANOSECONDS.sleep(wait);
			}
			if (i % inboundEvery == inboundEvery - 1) {
				String callId = load.inboundCall();
				synchronized (inbound) {
					inbound.add(callId);
				}
			}
			else {
				String commandId = load.initiate().commandId();
				synchronized (initiates) {
					initiates.add(commandId);
				}
			}
		}
		load.flush();
		return (System.nanoTime() - started) / 1e9;
	}

	/**
	 * Every call: those the initiates created (from their results) and the inbound ones.
	 */
	private static List<String> callIds(Ledger ledger, List<String> initiates, List<String> inbound) {
		List<String> ids = new ArrayList<>();
		synchronized (initiates) {
			for (String commandId : initiates) {
				CommandResult result = ledger.result(commandId);
				if (result != null && result.getCallId() != null) {
					ids.add(result.getCallId());
				}
			}
		}
		synchronized (inbound) {
			ids.addAll(inbound);
		}
		return ids;
	}

	private int report(Ledger ledger, String sandbox, List<String> initiates, List<String> inbound,
			List<String> actions, List<String> callIds, Map<String, String> finalStatus, double sentSeconds,
			ChildProcess stack) throws Exception {
		long transitions = 0;
		long repeated = 0;
		long gaps = 0;
		long wrongPrevious = 0;
		long afterTerminal = 0;
		long partitions = 0;
		long mismatched = 0;
		List<Long> latencies = new ArrayList<>();
		Map<String, Long> bySource = new LinkedHashMap<>();
		Set<String> measuredCalls = new HashSet<>(inbound.subList(this.measured.inboundFrom(), inbound.size()));
		for (String commandId : initiates.subList(this.measured.initiatesFrom(), initiates.size())) {
			CommandResult result = ledger.result(commandId);
			if (result != null && result.getCallId() != null) {
				measuredCalls.add(result.getCallId());
			}
		}
		for (String callId : callIds) {
			List<Ledger.Transition> history = ledger.transitions(callId);
			transitions += history.size();
			String status = finalStatus.getOrDefault(callId, sandboxStatus(sandbox, callId));
			CallCheck check = CallCheck.of(history, ledger.state(callId), status);
			repeated += check.repeated() ? 1 : 0;
			gaps += check.gap() ? 1 : 0;
			wrongPrevious += check.wrongPrevious() ? 1 : 0;
			afterTerminal += check.afterTerminal() ? 1 : 0;
			partitions += check.partitions() ? 1 : 0;
			mismatched += check.stateMismatch() ? 1 : 0;
			for (Ledger.Transition t : history) {
				CallEvent event = t.event();
				bySource.merge(String.valueOf(event.getSource()), 1L, Long::sum);
				if (event.getSource() == EventSource.WEBHOOK && measuredCalls.contains(callId)) {
					Long observed = ledger.observedAt(callId, event.getStatus().name());
					if (observed != null) {
						latencies.add(t.readAtMillis() - observed);
					}
				}
			}
		}
		List<String> commands = new ArrayList<>(initiates);
		synchronized (actions) {
			commands.addAll(actions);
		}
		long withoutResult = commands.stream().filter(id -> ledger.results(id).isEmpty()).count();
		long doubledResults = commands.stream().filter(id -> ledger.results(id).size() > 1).count();
		long notFinished = this.warmupCalls + this.calls - finalStatus.size();
		latencies.sort(Long::compare);
		Map<String, Object> results = new LinkedHashMap<>();
		results.put("calls", this.warmupCalls + this.calls);
		results.put("warmup_calls", this.warmupCalls);
		results.put("measured_calls", this.calls);
		results.put("outbound", initiates.size());
		results.put("inbound", inbound.size());
		results.put("rate_per_second", this.rate);
		results.put("sent_seconds", sentSeconds);
		results.put("duplicate_share", this.duplicateShare);
		results.put("dropped_call_share", this.droppedCallShare);
		results.put("calls_with_webhooks_dropped", droppedCalls(sandbox, callIds));
		results.put("transitions", transitions);
		results.put("transitions_by_source", bySource);
		results.put("calls_with_a_status_twice", repeated);
		results.put("calls_with_a_sequence_gap", gaps);
		results.put("calls_with_a_wrong_previous_status", wrongPrevious);
		results.put("calls_with_a_transition_after_the_end", afterTerminal);
		results.put("calls_on_more_than_one_partition", partitions);
		results.put("calls_whose_final_state_differs_from_the_call_log", mismatched);
		results.put("calls_not_ended_in_time", notFinished);
		results.put("commands", commands.size());
		results.put("commands_without_a_result", withoutResult);
		results.put("commands_with_more_than_one_result", doubledResults);
		results.put("webhook_to_transition_ms_of_measured_calls",
				Map.of("count", latencies.size(), "p50", percentile(latencies, 0.50), "p99",
						percentile(latencies, 0.99), "max",
						latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1)));
		results.put("call_state_input_lag_ms", inputLag());
		results.put("stack_cpu_seconds", (stack.cpuNanos() + stack.descendantsCpuNanos()) / 1e9);
		boolean clean = repeated + gaps + wrongPrevious + afterTerminal + partitions + mismatched + notFinished
				+ withoutResult + doubledResults == 0;
		results.put("clean", clean);
		Files.createDirectories(this.output);
		Path file = this.output.resolve("results.json");
		this.json.writeValue(file.toFile(), results);
		results.forEach((key, value) -> System.out.printf("%-52s %s%n", key, value));
		System.out.println(clean
				? "\nEvery call's transitions exactly once, gapless, with the right previous status; "
						+ "every final state as the call log says; one result per command."
				: "\nNOT CLEAN: see above.");
		say("Wrote %s", file);
		return clean ? 0 : 1;
	}

	/**
	 * call-state's own view of its lag, by source and quantile
	 * ({@code callstate_input_lag_seconds}): input record produced → applied, the part of
	 * webhook → transition before call-state's transaction commits.
	 */
	private Map<String, Long> inputLag() {
		Map<String, Long> lag = new LinkedHashMap<>();
		try {
			String body = this.http
				.send(HttpRequest
					.newBuilder(URI.create("http://127.0.0.1:" + (this.portBase + 85) + "/actuator/prometheus"))
					.build(), HttpResponse.BodyHandlers.ofString())
				.body();
			for (String line : body.split("\n")) {
				if (line.startsWith("callstate_input_lag_seconds{") && line.contains("quantile=")) {
					String source = line.replaceAll(".*source=\"([A-Z_]+)\".*", "$1");
					String quantile = line.replaceAll(".*quantile=\"([0-9.]+)\".*", "$1");
					double seconds = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
					lag.put(source + "_p" + (int) Math.round(Double.parseDouble(quantile) * 100),
							Math.round(seconds * 1000));
				}
			}
		}
		catch (Exception ex) {
			say("Could not read call-state's meters: %s", ex.toString());
		}
		return lag;
	}

	private long droppedCalls(String sandbox, List<String> callIds) throws Exception {
		String body = this.http
			.send(HttpRequest.newBuilder(URI.create(sandbox + "/webhooks/dropped")).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
		Set<String> mine = Set.copyOf(callIds);
		long count = 0;
		for (var node : this.json.readTree(body).path("calls")) {
			count += mine.contains(node.asText()) ? 1 : 0;
		}
		return count;
	}

	private static long percentile(List<Long> sorted, double p) {
		if (sorted.isEmpty()) {
			return 0;
		}
		return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
	}

	private String sandboxStatus(String sandbox, String callId) {
		try {
			HttpResponse<String> response = this.http.send(
					HttpRequest.newBuilder(URI.create(sandbox + "/calls/" + callId)).build(),
					HttpResponse.BodyHandlers.ofString());
			return (response.statusCode() == 200) ? this.json.readTree(response.body()).path("status").asText(null)
					: null;
		}
		catch (Exception ex) {
			return null;
		}
	}

	private void put(String url, String body) throws Exception {
		this.http.send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.discarding());
	}

	static void say(String format, Object... args) {
		System.err.printf(format + "%n", args);
	}

	/**
	 * What an agent app does: answers each inbound call (PRE_ACCEPT, ACCEPT) once its
	 * RINGING transition is read, and hangs up every second answered outbound call
	 * (TERMINATE) once its ACCEPTED transition is read.
	 */
	private static final class Agent implements Runnable {

		private final CommandLoad load;

		private final Ledger ledger;

		private final List<String> initiates;

		private final List<String> inbound;

		private final List<String> actions;

		private final Set<String> handled = ConcurrentHashMap.newKeySet();

		private volatile boolean running = true;

		Agent(CommandLoad load, Ledger ledger, List<String> initiates, List<String> inbound, List<String> actions) {
			this.load = load;
			this.ledger = ledger;
			this.initiates = initiates;
			this.inbound = inbound;
			this.actions = actions;
		}

		@Override
		public void run() {
			while (this.running) {
				List<String> ringing;
				synchronized (this.inbound) {
					ringing = List.copyOf(this.inbound);
				}
				for (String callId : ringing) {
					if (!this.handled.contains(callId) && reached(callId, CallStatus.RINGING)) {
						this.handled.add(callId);
						this.actions.add(this.load.action(callId, CallAction.PRE_ACCEPT, "v=0\r\ns=agent\r\n"));
						this.actions.add(this.load.action(callId, CallAction.ACCEPT, "v=0\r\ns=agent\r\n"));
					}
				}
				List<String> placed;
				synchronized (this.initiates) {
					placed = List.copyOf(this.initiates);
				}
				for (int i = 0; i < placed.size(); i += 2) {
					CommandResult result = this.ledger.result(placed.get(i));
					if (result != null && result.getCallId() != null && !this.handled.contains(result.getCallId())
							&& reached(result.getCallId(), CallStatus.ACCEPTED)) {
						this.handled.add(result.getCallId());
						this.actions.add(this.load.action(result.getCallId(), CallAction.TERMINATE, null));
					}
				}
				try {
					Thread.sleep(20);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}

		private boolean reached(String callId, CallStatus status) {
			return this.ledger.transitions(callId).stream().anyMatch(t -> t.event().getStatus() == status);
		}

		void stop() {
			this.running = false;
		}

	}

}
