package org.callorchestrator.reliability;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.callorchestrator.bench.ChildProcess;
import org.callorchestrator.bench.CommandLoad;
import org.callorchestrator.bench.ResultWatcher;
import org.callorchestrator.schema.CallAction;
import org.callorchestrator.schema.Topics;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/reliability}: the worker as its own process (kill -9 is a real crash)
 * against the local stack's broker, registry and sandbox; every command's outcome read
 * from {@code call.command-results}. Scenarios: {@code worker-crash} (kill -9 of the
 * worker part-way through the commands, then a new worker), {@code worker-group} (three
 * workers in one group: kill -9, a join, a rolling restart: {@link WorkerGroupFaults}),
 * {@code broker-restart} (the broker killed and started again part-way),
 * {@code broker-cluster} (a three-node cluster of its own: kill -9 of the worker group's
 * coordinator's node, then of the node leading most {@code call.events} partitions:
 * {@link BrokerClusterFaults}), {@code vobiz-outage} (503s for 60 s while commands
 * arrive), {@code vobiz-unanswered} (5 % of initiates and actions applied and never
 * answered: {@link VobizUnanswered}), {@code poison} (garbage bytes, an unknown schema
 * id, a bad E.164 number, a missing SDP offer, an ACCEPT without SDP, an unknown action,
 * among valid neighbours), {@code webhooks} (the ingress as a process: duplicates and
 * forgeries), {@code poller-restart} (kill -9 of the log poller part-way through its
 * backfill), {@code call-state-crash} (kill -9 of call-state part-way through calls with
 * duplicate and dropped webhooks, a new one restoring from its changelogs:
 * {@link CallStateCrash}) and {@code secrets} (the Vobiz token in no log, record or
 * metric). Prints a table, writes JSON, exits 1 when anything was lost or doubled.
 */
@Command(name = "reliability", mixinStandardHelpOptions = true,
		description = "Crash and poison scenarios with figures: nothing lost, nothing dialled twice.")
public final class ReliabilitySuite implements Callable<Integer> {

	static final String TOKEN = "sandbox-token";

	static final String WEBHOOK_SECRET = "reliability-webhook-secret";

	static final String WORKER_JAR = ChildProcess.serviceJar("call-worker");

	@Option(names = "--commands", defaultValue = "10000",
			description = "Initiates of the crash scenario (${DEFAULT-VALUE}).")
	int commands;

	@Option(names = "--latency-ms", defaultValue = "50",
			description = "Sandbox latency per request (${DEFAULT-VALUE}).")
	int latencyMs;

	@Option(names = "--state-calls", defaultValue = "1000",
			description = "Outbound calls of call-state-crash, plus a fifth as many inbound (${DEFAULT-VALUE}).")
	int stateCalls;

	@Option(names = "--state-arg", description = "Extra argument of both call-state processes of call-state-crash, "
			+ "repeatable (e.g. --state-arg=--spring.kafka.streams.properties.session.timeout.ms=10000).")
	List<String> stateArgs = new ArrayList<>();

	@Option(names = "--port-base", defaultValue = "23000",
			description = "Ports: base+92 Kafka, +81 registry, +90 sandbox, +82 worker, +83 ingress, +84 poller, +85 call-state.")
	int portBase;

	@Option(names = "--scenario", split = ",",
			description = "Only these scenarios, in the suite's order (default: all "
					+ "of poller-restart, worker-crash, worker-group, broker-restart, broker-cluster, vobiz-outage, "
					+ "vobiz-unanswered, deadline-outage, poison, webhooks, call-state-crash, secrets); the services a "
					+ "scenario needs are started for it.")
	List<String> only = new ArrayList<>();

	@Option(names = "--output", defaultValue = "target/reliability/results.json",
			description = "JSON results (${DEFAULT-VALUE}).")
	Path output;

	private final List<ScenarioResult> scenarios = new ArrayList<>();

	private final List<ChildProcess> workers = new ArrayList<>();

	CommandLoad load;

	ResultWatcher results;

	private ObservationWatcher observations;

	DeadLetterWatcher deadLetters;

	String bootstrap;

	String registry;

	String sandbox;

	private boolean callStateStarted;

	private boolean workerStarted;

	private ChildProcess restartedBroker;

	private boolean ingressStarted;

	public static void main(String[] args) {
		System.exit(new CommandLine(new ReliabilitySuite()).execute(args));
	}

	/**
	 * Runs the suite with {@code commands} initiates in the crash scenario (and, below
	 * 5,000, the short variants of the others: 200 calls in call-state-crash); returns
	 * every scenario's figures.
	 */
	public static List<ScenarioResult> run(int commands, int portBase, Path output) throws Exception {
		ReliabilitySuite suite = new ReliabilitySuite();
		suite.commands = commands;
		suite.stateCalls = (commands >= 5000) ? 1000 : 200;
		suite.latencyMs = 50;
		suite.portBase = portBase;
		suite.output = output;
		suite.call();
		return suite.scenarios;
	}

	static final List<String> SCENARIOS = List.of("poller-restart", "worker-crash", "worker-group", "broker-restart",
			"broker-cluster", "vobiz-outage", "vobiz-unanswered", "deadline-outage", "poison", "webhooks",
			"call-state-crash", "secrets");

	@Override
	public Integer call() throws Exception {
		if (!SCENARIOS.containsAll(this.only)) {
			throw new CommandLine.ParameterException(new CommandLine(this),
					"--scenario takes " + String.join(", ", SCENARIOS) + "; not " + this.only);
		}
		Path logs = ChildProcess.root().resolve(this.output).toAbsolutePath().getParent();
		Files.createDirectories(logs);
		this.bootstrap = "127.0.0.1:" + (this.portBase + 92);
		this.registry = "http://127.0.0.1:" + (this.portBase + 81) + "/apis/ccompat/v7";
		this.sandbox = "http://127.0.0.1:" + (this.portBase + 90);
		say("Starting broker, registry and sandbox (local stack, services=none) on ports %d+ …", this.portBase);
		try (ChildProcess stack = ChildProcess.startStack("reliability-stack", logs, this.portBase, List.of())) {
			this.load = new CommandLoad(this.bootstrap, this.registry, this.sandbox + "/sandbox");
			this.results = new ResultWatcher(this.bootstrap, this.registry);
			this.observations = new ObservationWatcher(this.bootstrap, this.registry);
			this.deadLetters = new DeadLetterWatcher(this.bootstrap);
			this.load.sandboxFaults("{\"latency\":{\"fixed_ms\":" + this.latencyMs + ",\"jitter_ms\":0}}");
			try {
				// first: the worker settles unknown outcomes from the call.logs the
				// poller mirrors, so the poller
				// this scenario leaves running serves every later one
				if (wanted("poller-restart")) {
					run((() -> pollerRestart(logs)));
				}
				else {
					startPoller(logs, "log-poller-1");
				}
				if (wanted("worker-crash")) {
					run((() -> workerCrash(logs)));
				}
				if (wanted("worker-group")) {
					ensureWorker(logs);
					run((() -> new WorkerGroupFaults(this, logs, this.commands).run()));
				}
				if (wanted("broker-restart")) {
					ensureWorker(logs);
					run((() -> brokerRestart(stack, logs)));
				}
				CallStateCrash callStateCrash = new CallStateCrash(this, logs, this.stateCalls,
						Math.max(1, this.stateCalls / 5));
				if (this.commands < 5000 && wanted("call-state-crash")) {
					// the short variant: call-state-1 starts now and reads the next
					// scenarios'
					// records as they come, instead of starting, then reading them all,
					// on
					// call-state-crash's time
					callStateCrash.startEarly();
				}
				Callable<ScenarioResult> cluster = timed(
						() -> new BrokerClusterFaults(this, logs, (this.commands >= 5000) ? 3000 : 300).run());
				// the short variant runs broker-cluster (its own brokers and services)
				// beside call-state-crash, whose
				// time is mostly waiting; the full variant runs every scenario alone
				boolean overlap = this.commands < 5000 && wanted("broker-cluster") && wanted("call-state-crash");
				if (wanted("broker-cluster") && !overlap) {
					add(cluster.call());
				}
				if (wanted("vobiz-outage")) {
					ensureWorker(logs);
					run((this::vobizOutage));
				}
				if (wanted("vobiz-unanswered")) {
					ensureWorker(logs);
					run((() -> new VobizUnanswered(this, (this.commands >= 5000) ? 2000 : 400).run()));
				}
				if (wanted("deadline-outage")) {
					ensureWorker(logs);
					run((() -> new VobizOutageDeadline(this, (this.commands >= 5000) ? 1000 : 300,
							(this.commands >= 5000) ? 60 : 10, (this.commands >= 5000) ? 20 : 5)
						.run()));
				}
				if (wanted("poison")) {
					ensureWorker(logs);
					run((this::poison));
				}
				if (wanted("webhooks")) {
					run((() -> webhooks(logs)));
				}
				FutureTask<ScenarioResult> besides = new FutureTask<>(cluster);
				Thread thread = new Thread(besides, "broker-cluster");
				thread.setDaemon(true);
				if (overlap) {
					say("broker-cluster runs beside call-state-crash (short variant)");
					thread.start();
				}
				try {
					if (wanted("call-state-crash")) {
						ensureWorker(logs);
						run(callStateCrash::run);
					}
					if (overlap) {
						add(besides.get(15, TimeUnit.MINUTES));
					}
				}
				finally {
					// call-state-crash failed: broker-cluster stops its processes before
					// the suite ends
					besides.cancel(true);
					thread.join(Duration.ofMinutes(1).toMillis());
				}
				if (wanted("secrets")) {
					run((() -> secrets(logs)));
				}
			}
			finally {
				this.workers.forEach(ChildProcess::close);
				if (this.restartedBroker != null) {
					this.restartedBroker.close();
				}
				this.deadLetters.close();
				this.observations.close();
				this.results.close();
				this.load.close();
			}
		}
		System.out.println(table());
		ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
		// keyed by scenario, so a reader takes e.g.
		// scenarios["worker-crash"].deadLetters["OUTCOME_UNKNOWN"] by name
		Map<String, ScenarioResult> byName = new LinkedHashMap<>();
		this.scenarios.forEach(result -> byName.put(result.scenario(), result));
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("clean", this.scenarios.stream().allMatch(ScenarioResult::clean));
		document.put("scenarios", byName);
		json.writeValue(ChildProcess.root().resolve(this.output).toFile(), document);
		return this.scenarios.stream().allMatch(ScenarioResult::clean) ? 0 : 1;
	}

	/** Keeps a scenario's figures, in the suite's order of scenarios. */
	private void add(ScenarioResult result) {
		this.scenarios.add(result);
		this.scenarios.sort(Comparator.comparingInt(r -> SCENARIOS.indexOf(r.scenario())));
	}

	/** Runs {@code scenario} and keeps its result with its wall time. */
	private void run(Callable<ScenarioResult> scenario) throws Exception {
		add(timed(scenario).call());
	}

	/** {@code scenario}, its result carrying its wall time ({@code scenario_s}). */
	private static Callable<ScenarioResult> timed(Callable<ScenarioResult> scenario) {
		return () -> {
			long started = System.nanoTime();
			ScenarioResult result = scenario.call();
			Map<String, Object> figures = new LinkedHashMap<>(result.figures());
			figures.put("scenario_s", Math.round((System.nanoTime() - started) / 1e8) / 10.0);
			say("%s took %.1f s", result.scenario(), figures.get("scenario_s"));
			return new ScenarioResult(result.scenario(), result.sent(), result.withResult(), result.deadLetters(),
					result.withoutOutcome(), result.duplicateResults(), result.duplicateDials(), result.notes(),
					figures);
		};
	}

	/**
	 * Starts a service's exec jar as its own process on {@code port} and waits until it
	 * is ready.
	 */
	private ChildProcess startService(Path logs, String name, String jar, int port, String... args) {
		return startService(logs, name, jar, port, Duration.ofMinutes(2), args);
	}

	/**
	 * Starts a service's exec jar as its own process on {@code port} and waits at most
	 * {@code timeout} until its readiness answers 200. The suite stops it at the end
	 * (unless a scenario killed it before).
	 */
	ChildProcess startService(Path logs, String name, String jar, int port, Duration timeout, String... args) {
		ChildProcess service = launchService(logs, name, jar, port, args);
		service.awaitHttp("http://127.0.0.1:" + port + "/actuator/health/readiness", timeout);
		return service;
	}

	/**
	 * Starts a service's exec jar as its own process on {@code port}, without waiting;
	 * the suite stops it at the end.
	 */
	ChildProcess launchService(Path logs, String name, String jar, int port, String... args) {
		List<String> all = new ArrayList<>(List.of("--server.port=" + port));
		all.addAll(List.of(args));
		ChildProcess service = ChildProcess.start(name, logs,
				ChildProcess.springBoot("256m", List.of(), jar, this.bootstrap, this.registry, all, true));
		this.workers.add(service);
		return service;
	}

	/**
	 * Starts a call worker as its own process on {@code port}, without waiting for it.
	 */
	ChildProcess launchWorker(Path logs, String name, int port) {
		this.workerStarted = true;
		return launchService(logs, name, WORKER_JAR, port, workerArgs());
	}

	private String[] workerArgs() {
		return new String[] { "--worker.vobiz.base-url=" + this.sandbox + "/api/v1/messaging",
				"--worker.vobiz.auth-id=MA_XXXXXXXX", "--worker.vobiz.auth-token=" + TOKEN };
	}

	/**
	 * Starts call-state as its own process on base+85, its RocksDB stores in
	 * {@code stateDir}, with its own defaults (and {@code --state-arg}s).
	 */
	ChildProcess startCallState(Path logs, String name, Path stateDir, Duration timeout) {
		this.callStateStarted = true;
		List<String> args = new ArrayList<>(List.of("--spring.kafka.streams.state-dir=" + stateDir.toAbsolutePath()));
		args.addAll(this.stateArgs);
		return startService(logs, name, ChildProcess.serviceJar("call-state"), callStatePort(), timeout,
				args.toArray(String[]::new));
	}

	int callStatePort() {
		return this.portBase + 85;
	}

	private boolean wanted(String scenario) {
		return this.only.isEmpty() || this.only.contains(scenario);
	}

	/**
	 * A worker for a scenario run on its own (the suite's first scenario starts one
	 * otherwise).
	 */
	private void ensureWorker(Path logs) {
		if (!this.workerStarted) {
			startWorker(logs, "worker-1");
		}
	}

	private ChildProcess startWorker(Path logs, String name) {
		this.workerStarted = true;
		return startService(logs, name, WORKER_JAR, this.portBase + 82, workerArgs());
	}

	/**
	 * kill -9 of the worker part-way through, then a new worker: every command ends once,
	 * nobody is dialled twice.
	 */
	private ScenarioResult workerCrash(Path logs) {
		ChildProcess first = startWorker(logs, "worker-1");
		int calls = Math.max(2, this.commands / 50);
		List<String> callIds = new ArrayList<>();
		for (int i = 0; i < calls; i++) {
			callIds.add(this.load.inboundCall());
		}
		say("worker-crash: %,d initiates and %,d actions, kill -9 of the worker part-way", this.commands, calls * 3);
		List<String> ids = new ArrayList<>();
		List<List<String>> sequences = new ArrayList<>();
		int every = Math.max(1, this.commands / calls);
		for (int i = 0; i < this.commands; i++) {
			ids.add(this.load.initiate().commandId());
			if (i % every == 0 && sequences.size() < calls) {
				List<String> sequence = this.load.actionSequence(callIds.get(sequences.size()));
				sequences.add(sequence);
				ids.addAll(sequence);
			}
		}
		this.load.flush();
		long before = this.results.awaitConcluded(ids, ids.size() / 3, Duration.ofMinutes(10), "worker-crash");
		first.kill();
		say("worker-crash: killed the worker with %,d of %,d commands concluded; starting another", before, ids.size());
		long killedAt = System.nanoTime();
		startWorker(logs, "worker-2");
		this.results.awaitAll(ids, Duration.ofMinutes(10), "worker-crash");
		double recovery = (System.nanoTime() - killedAt) / 1e9;
		long disordered = sequences.stream().filter(this.results::outOfOrder).count();
		return result("worker-crash", ids, String.format(
				"killed at %,d concluded; all concluded %.1f s after the kill (incl. JVM start); %d calls' actions out of order",
				before, recovery, disordered));
	}

	/**
	 * The broker killed (SIGKILL) part-way through the commands and started again on the
	 * same data 5 s later: the worker, the load generator and the watchers ride it out;
	 * nothing lost, nothing doubled.
	 */
	private ScenarioResult brokerRestart(ChildProcess stack, Path logs) throws Exception {
		int count = (this.commands >= 5000) ? this.commands / 2 : 1500;
		int ingressPort = startIngress(logs);
		ProcessHandle broker = stack.descendant("kafka.Kafka")
			.orElseThrow(() -> new IllegalStateException("no broker process under the local stack"));
		List<String> command = new ArrayList<>();
		command.add(broker.info().command().orElseThrow());
		command.addAll(List.of(broker.info().arguments().orElseThrow()));
		say("broker-restart: %,d initiates; the broker killed (SIGKILL) part-way and started again 5 s later", count);
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ids.add(this.load.initiate().commandId());
		}
		this.load.flush();
		long before = this.results.awaitConcluded(ids, count / 5, Duration.ofMinutes(5), "broker-restart");
		long killedAt = System.nanoTime();
		broker.destroyForcibly();
		broker.onExit().get(60, TimeUnit.SECONDS);
		String run = UUID.randomUUID().toString().substring(0, 8);
		List<String> wacids = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			wacids.add("wacid.outage" + run + "-" + i);
		}
		CompletableFuture<Integer> webhooks = CompletableFuture.supplyAsync(() -> {
			try {
				return deliverUntilAcknowledged(ingressPort, wacids, Duration.ofMinutes(3));
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		ChildProcess.sleep(Duration.ofSeconds(5));
		this.restartedBroker = ChildProcess.start("broker-restarted", logs, command);
		awaitListening(this.portBase + 92, Duration.ofMinutes(2));
		long readyAt = System.nanoTime();
		this.results.awaitAll(ids, Duration.ofMinutes(5), "broker-restart");
		double concluded = (System.nanoTime() - readyAt) / 1e9;
		int unavailable = webhooks.get(4, TimeUnit.MINUTES);
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (wacids.stream().anyMatch(w -> this.observations.of(w) == 0) && System.nanoTime() < deadline) {
			ChildProcess.sleep(Duration.ofMillis(50));
		}
		long webhooksLost = wacids.stream().filter(w -> this.observations.of(w) == 0).count();
		long webhooksDoubled = wacids.stream().filter(w -> this.observations.of(w) > 1).count();
		ScenarioResult commands = result("broker-restart", ids, "");
		return new ScenarioResult("broker-restart", commands.sent() + wacids.size(),
				commands.withResult() + (wacids.size() - webhooksLost), commands.deadLetters(),
				commands.withoutOutcome() + webhooksLost, commands.duplicateResults() + webhooksDoubled,
				commands.duplicateDials(),
				String.format("broker killed with %,d of %,d commands concluded, back %.1f s "
						+ "later; all concluded %.1f s after it was back; 20 webhooks delivered meanwhile until "
						+ "acknowledged (%d answers 503), %d lost, %d published twice", before, count,
						(readyAt - killedAt) / 1e9, concluded, unavailable, webhooksLost, webhooksDoubled));
	}

	private static void awaitListening(int port, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
				return;
			}
			catch (IOException ex) {
				ChildProcess.sleep(Duration.ofMillis(100));
			}
		}
		throw new IllegalStateException("The broker did not listen again on port " + port);
	}

	/**
	 * Vobiz answers 503 to everything for 60 s (10 s in the short variant) while commands
	 * keep coming: none may be dead-lettered, the worker must not hammer Vobiz, and must
	 * resume within seconds of Vobiz's return.
	 */
	private ScenarioResult vobizOutage() throws Exception {
		int seconds = (this.commands >= 5000) ? 60 : 10;
		say("vobiz-outage: Vobiz answers 503 for %d s while 300 initiates arrive", seconds);
		double requestsBefore = vobizRequests();
		long start = System.currentTimeMillis();
		this.load.sandboxFaults("{\"latency\":{\"fixed_ms\":" + this.latencyMs + ",\"jitter_ms\":0},"
				+ "\"outage\":{\"seconds\":" + seconds + ",\"status\":503}}");
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			ids.add(this.load.initiate().commandId());
			if (i % 100 == 99) {
				this.load.flush();
				ChildProcess.sleep(Duration.ofMillis(seconds * 1000L / 4));
			}
		}
		this.load.flush();
		long end = start + seconds * 1000L;
		ChildProcess.sleep(Duration.ofMillis(Math.max(0, end - System.currentTimeMillis())));
		double requestsDuring = vobizRequests() - requestsBefore;
		this.results.awaitAll(ids, Duration.ofMinutes(3), "vobiz-outage");
		long firstAfter = ids.stream()
			.flatMap(id -> this.results.of(id).stream())
			.mapToLong(ResultWatcher.Seen::seenMillis)
			.filter(t -> t >= end)
			.min()
			.orElse(end);
		this.load.sandboxFaults("{\"latency\":{\"fixed_ms\":" + this.latencyMs + ",\"jitter_ms\":0}}");
		return result("vobiz-outage", ids,
				String.format(
						"%d s of 503s: %.0f requests reached Vobiz during it (%.1f/s "
								+ "for 300 commands waiting); first result %.1f s after Vobiz came back",
						seconds, requestsDuring, requestsDuring / seconds, (firstAfter - end) / 1000.0));
	}

	/**
	 * Requests the worker sent to Vobiz so far (its
	 * {@code callworker_vobiz_requests_seconds_count}).
	 */
	private double vobizRequests() throws Exception {
		String metrics = HttpClient.newHttpClient()
			.send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + (this.portBase + 82) + "/actuator/prometheus"))
				.build(), HttpResponse.BodyHandlers.ofString())
			.body();
		return metrics.lines()
			.filter(line -> line.startsWith("callworker_vobiz_requests_seconds_count"))
			.mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

	/**
	 * Poison among valid neighbours: each poison record dead-lettered with a reason,
	 * every neighbour applied.
	 */
	private ScenarioResult poison() {
		say("poison: garbage, unknown schema id, bad E.164, missing SDP, ACCEPT without SDP, unknown action among 40 "
				+ "valid initiates");
		List<String> ids = new ArrayList<>();
		List<String> poison = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			ids.add(this.load.initiate().commandId());
			if (i == 5) {
				String key = "garbage-" + UUID.randomUUID();
				this.load.raw(Topics.CALL_INITIATE, key, "not avro at all".getBytes(StandardCharsets.UTF_8));
				poison.add(key);
			}
			if (i == 10) {
				String key = "unknown-schema-" + UUID.randomUUID();
				this.load.raw(Topics.CALL_INITIATE, key, new byte[] { 0, 0, 0, 0x7f, (byte) 0xff, 2, 4, 6 });
				poison.add(key);
			}
			if (i == 15) {
				poison.add(this.load.initiate("4155550123", "v=0\r\ns=bench\r\n"));
			}
			if (i == 20) {
				poison.add(this.load.initiate("+14155550124", ""));
			}
			if (i == 25) {
				poison.add(this.load.action(this.load.inboundCall(), CallAction.ACCEPT, null));
			}
			if (i == 30) {
				// what a reader sees for an action symbol added by a newer writer
				poison.add(this.load.action(this.load.inboundCall(), CallAction.UNKNOWN, null));
			}
		}
		this.load.flush();
		this.results.awaitAll(ids, Duration.ofMinutes(2), "poison neighbours");
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (poison.stream().anyMatch(id -> this.deadLetters.of(id) == null) && System.nanoTime() < deadline) {
			ChildProcess.sleep(Duration.ofMillis(50));
		}
		List<String> all = new ArrayList<>(ids);
		all.addAll(poison);
		long withoutReason = poison.stream()
			.filter(id -> this.deadLetters.of(id) == null || this.deadLetters.of(id).message() == null)
			.count();
		say("poison: a record nobody can decode on every internal topic, then 10 valid initiates");
		Map<String, Integer> services = new LinkedHashMap<>();
		services.put("worker", this.portBase + 82);
		if (this.ingressStarted) {
			services.put("ingress", this.portBase + 83);
		}
		services.put("poller", this.portBase + 84);
		Map<String, Object> figures = new LinkedHashMap<>();
		List<String> after = new InternalPoison(this, services).run(10, figures);
		all.addAll(after);
		return result("poison", all,
				String.format(
						"%d poison records, %d dead-lettered without a reason; neighbours "
								+ "with a result: %d of %d; internal topics: %s",
						poison.size(), withoutReason, ids.stream().filter(id -> !this.results.of(id).isEmpty()).count(),
						ids.size(), figures),
				figures);
	}

	/**
	 * The webhook ingress as its own process: every valid signed delivery sent twice is
	 * published once, deliveries with a bad signature are refused (401) and publish
	 * nothing.
	 */
	private ScenarioResult webhooks(Path logs) throws Exception {
		int port = startIngress(logs);
		say("webhooks: 200 signed deliveries sent twice each, 50 with a bad signature, to the ingress as a process");
		HttpClient http = HttpClient.newHttpClient();
		URI endpoint = URI.create("http://127.0.0.1:" + port + "/webhooks/vobiz");
		String run = UUID.randomUUID().toString().substring(0, 8);
		List<String> valid = new ArrayList<>();
		List<String> forged = new ArrayList<>();
		int refused = 0;
		int answeredOk = 0;
		for (int i = 0; i < 250; i++) {
			boolean bad = i % 5 == 4;
			String wacid = "wacid.rel" + run + "-" + i;
			String body = Deliveries.inboundConnect(UUID.randomUUID().toString(), wacid, i);
			String signature = bad ? Deliveries.sign(body, "not-the-secret") : Deliveries.sign(body, WEBHOOK_SECRET);
			for (int copy = 0; copy < (bad ? 1 : 2); copy++) {
				int status = http
					.send(HttpRequest.newBuilder(endpoint)
						.header("Content-Type", "application/json")
						.header("X-Webhook-Signature", signature)
						.POST(HttpRequest.BodyPublishers.ofString(body))
						.build(), HttpResponse.BodyHandlers.discarding())
					.statusCode();
				if (status == 401) {
					refused++;
				}
				else if (status == 200) {
					answeredOk++;
				}
			}
			(bad ? forged : valid).add(wacid);
		}
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (valid.stream().anyMatch(w -> this.observations.of(w) == 0) && System.nanoTime() < deadline) {
			ChildProcess.sleep(Duration.ofMillis(50));
		}
		ChildProcess.sleep(Duration.ofSeconds(2));
		long published = valid.stream().filter(w -> this.observations.of(w) > 0).count();
		long lost = valid.size() - published;
		long doubled = valid.stream().filter(w -> this.observations.of(w) > 1).count();
		long forgedPublished = forged.stream().filter(w -> this.observations.of(w) > 0).count();
		ScenarioResult result = new ScenarioResult("webhooks", valid.size() * 2 + forged.size(), published, Map.of(),
				lost + forgedPublished, doubled, 0,
				String.format(
						"%d answered 200, %d refused 401; %d of %d forged "
								+ "deliveries published; each valid one sent twice, published %s",
						answeredOk, refused, forgedPublished, forged.size(),
						(doubled == 0) ? "once" : doubled + " times twice"));
		say("webhooks: %s", result);
		return result;
	}

	/**
	 * The log poller as its own process, killed (SIGKILL) a third of the way through its
	 * backfill of every call (the sandbox seeded with 15,000 logged calls, 2,000 in the
	 * short variant), then a new one started into a storm of 429s on {@code /logs}: every
	 * call reaches {@code call.logs}, no version twice. The second poller keeps running
	 * for the later scenarios.
	 */
	private ScenarioResult pollerRestart(Path logs) throws Exception {
		int seed = (this.commands >= 5000) ? 15000 : 2000;
		HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(this.sandbox + "/sandbox/logs/seed"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"count\":" + seed + "}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		List<String> callIds = sandboxCallIds();
		say("poller-restart: %,d calls to backfill; the poller killed part-way, a new one started into 40 429s",
				callIds.size());
		try (CallLogWatcher calls = new CallLogWatcher(this.bootstrap, this.registry)) {
			ChildProcess first = startPoller(logs, "log-poller-1");
			long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
			while (calls.calls() < callIds.size() / 3 && System.nanoTime() < deadline) {
				ChildProcess.sleep(Duration.ofMillis(10));
			}
			int before = calls.calls();
			first.kill();
			this.load.sandboxFaults("{\"latency\":{\"fixed_ms\":" + this.latencyMs + ",\"jitter_ms\":0},"
					+ "\"errors\":[{\"endpoint\":\"logs\",\"status\":429,\"retry_after_seconds\":1,\"count\":40}]}");
			long killedAt = System.nanoTime();
			startPoller(logs, "log-poller-2");
			deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
			while (callIds.stream().anyMatch(id -> !calls.has(id)) && System.nanoTime() < deadline) {
				ChildProcess.sleep(Duration.ofMillis(100));
			}
			double took = (System.nanoTime() - killedAt) / 1e9;
			ChildProcess.sleep(Duration.ofSeconds(3));
			long missing = callIds.stream().filter(id -> !calls.has(id)).count();
			long duplicates = calls.duplicateVersions();
			this.load.sandboxFaults("{\"latency\":{\"fixed_ms\":" + this.latencyMs + ",\"jitter_ms\":0}}");
			ScenarioResult result = new ScenarioResult("poller-restart", callIds.size(), callIds.size() - missing,
					Map.of(), missing, duplicates, 0,
					String.format(
							"killed with %,d of %,d calls emitted; every call "
									+ "in call.logs %.1f s after the kill (new JVM, session timeout, 429s included)",
							before, callIds.size(), took));
			say("poller-restart: %s", result);
			return result;
		}
	}

	/** Starts the webhook ingress as a process, once; returns its port. */
	int startIngress(Path logs) {
		int port = this.portBase + 83;
		if (!this.ingressStarted) {
			startService(logs, "webhook-ingress", ChildProcess.serviceJar("webhook-ingress"), port,
					"--ingress.secrets=" + WEBHOOK_SECRET, "--ingress.mapping.lookups=false");
			this.ingressStarted = true;
		}
		return port;
	}

	/**
	 * Delivers {@code wacids}' signed call.connect webhooks as Vobiz does: each sent
	 * until the ingress answers 2xx (every 500 ms, at most {@code timeout}). Returns how
	 * many answers were 503.
	 */
	private int deliverUntilAcknowledged(int port, List<String> wacids, Duration timeout) throws Exception {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		URI endpoint = URI.create("http://127.0.0.1:" + port + "/webhooks/vobiz");
		int unavailable = 0;
		long deadline = System.nanoTime() + timeout.toNanos();
		for (int i = 0; i < wacids.size(); i++) {
			String body = Deliveries.inboundConnect(UUID.randomUUID().toString(), wacids.get(i), i);
			String signature = Deliveries.sign(body, WEBHOOK_SECRET);
			while (System.nanoTime() < deadline) {
				int status = http
					.send(HttpRequest.newBuilder(endpoint)
						.header("Content-Type", "application/json")
						.header("X-Webhook-Signature", signature)
						.timeout(Duration.ofSeconds(10))
						.POST(HttpRequest.BodyPublishers.ofString(body))
						.build(), HttpResponse.BodyHandlers.discarding())
					.statusCode();
				if (status / 100 == 2) {
					break;
				}
				unavailable += (status == 503) ? 1 : 0;
				ChildProcess.sleep(Duration.ofMillis(500));
			}
		}
		return unavailable;
	}

	private ChildProcess startPoller(Path logs, String name) {
		return startService(logs, name, ChildProcess.serviceJar("log-poller"), this.portBase + 84,
				"--poller.vobiz.base-url=" + this.sandbox + "/api/v1/messaging", "--poller.vobiz.auth-id=MA_XXXXXXXX",
				"--poller.vobiz.auth-token=" + TOKEN);
	}

	/** Every call the sandbox holds. */
	private List<String> sandboxCallIds() throws Exception {
		String body = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(this.sandbox + "/sandbox/calls?max=1000000")).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
		List<String> ids = new ArrayList<>();
		new ObjectMapper().readTree(body).path("items").forEach(item -> ids.add(item.path("id").asText()));
		return ids;
	}

	/**
	 * The Vobiz token in no worker log, no dead letter (key, bytes, headers) and no
	 * metric.
	 */
	private ScenarioResult secrets(Path logs) throws Exception {
		int found = 0;
		List<String> where = new ArrayList<>();
		List<String> secrets = List.of(TOKEN, WEBHOOK_SECRET);
		for (String log : List.of("worker-1.log", "worker-2.log", "worker-g1.log", "worker-g2.log", "worker-g3.log",
				"worker-g4.log", "webhook-ingress.log", "log-poller-1.log", "log-poller-2.log", "call-state-1.log",
				"call-state-2.log", "cluster-worker.log", "cluster-log-poller.log", "cluster-call-state.log")) {
			Path file = logs.resolve(log);
			String text = Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
			if (secrets.stream().anyMatch(text::contains)) {
				found++;
				where.add(log);
			}
		}
		for (String topic : TopicScan.topicsHolding(this.bootstrap, secrets)) {
			found++;
			where.add("topic " + topic);
		}
		Map<String, Integer> ports = new LinkedHashMap<>();
		if (this.workerStarted) {
			ports.put("worker", this.portBase + 82);
		}
		if (this.ingressStarted) {
			ports.put("ingress", this.portBase + 83);
		}
		if (this.callStateStarted) {
			ports.put("call-state", callStatePort());
		}
		for (int port : ports.values()) {
			String metrics = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
						HttpResponse.BodyHandlers.ofString())
				.body();
			if (secrets.stream().anyMatch(metrics::contains)) {
				found++;
				where.add("metrics :" + port);
			}
		}
		return new ScenarioResult("secrets", 0, 0, Map.of(), found, 0, 0,
				"places holding the Vobiz token or the webhook secret: " + found + (where.isEmpty() ? "" : " " + where)
						+ " (worker, ingress, poller and call-state logs; every record's key, value and headers on every "
						+ "topic; /actuator/prometheus of " + String.join(", ", ports.keySet()) + ")");
	}

	ScenarioResult result(String scenario, List<String> ids, String notes) {
		return result(scenario, ids, notes, Map.of());
	}

	/**
	 * The commands' figures: results, dead letters by category, lost, doubled, duplicate
	 * dials, and initiates whose call the sandbox created although their result says
	 * failed; plus the scenario's own {@code figures}.
	 */
	ScenarioResult result(String scenario, List<String> ids, String notes, Map<String, Object> figures) {
		return result(scenario, ids, notes, figures, this.load, this.results, this.deadLetters);
	}

	/**
	 * {@link #result(String, List, String, Map)} of commands sent by {@code load} to
	 * another cluster.
	 */
	ScenarioResult result(String scenario, List<String> ids, String notes, Map<String, Object> figures,
			CommandLoad load, ResultWatcher results, DeadLetterWatcher deadLetters) {
		Map<String, Long> byCategory = new TreeMap<>();
		long withResult = 0;
		long lost = 0;
		long doubled = 0;
		long createdButFailed = 0;
		for (String id : ids) {
			List<ResultWatcher.Seen> seen = results.of(id);
			int resultCount = seen.size();
			DeadLetterWatcher.DeadLetter letter = deadLetters.of(id);
			if (letter != null) {
				byCategory.merge(String.valueOf(letter.category()), 1L, Long::sum);
			}
			if (resultCount > 0) {
				withResult++;
			}
			if (resultCount == 0 && letter == null) {
				lost++;
			}
			if (resultCount > 1 || deadLetters.count(id) > 1) {
				doubled++;
			}
			String offer = load.offerOf(id);
			if (offer != null && seen.stream().anyMatch(result -> !result.succeeded())
					&& load.callsCreated(offer) > 0) {
				createdButFailed++;
			}
		}
		long dials = load.duplicateDialOffers();
		Map<String, Object> all = new LinkedHashMap<>(figures);
		all.put(ScenarioResult.CREATED_BUT_FAILED, createdButFailed);
		ScenarioResult result = new ScenarioResult(scenario, ids.size(), withResult, byCategory, lost, doubled, dials,
				notes, all);
		say("%s: %s", scenario, result);
		return result;
	}

	String table() {
		StringBuilder out = new StringBuilder(String.format("%n%-14s %8s %8s %-28s %9s %10s %10s  %s%n", "scenario",
				"sent", "results", "dead letters by category", "no outcome", "dup results", "dup dials", "notes"));
		for (ScenarioResult r : this.scenarios) {
			out.append(String.format("%-14s %8d %8d %-28s %9d %10d %10d  %s%n", r.scenario(), r.sent(), r.withResult(),
					r.deadLetters(), r.withoutOutcome(), r.duplicateResults(), r.duplicateDials(), r.notes()));
		}
		return out.toString();
	}

	static void say(String format, Object... args) {
		System.out.printf("[reliability] " + format + "%n", args);
	}

}
