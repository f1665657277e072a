package org.callorchestrator.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.callorchestrator.bench.ChildProcess;
import org.callorchestrator.bench.CommandLoad;
import org.callorchestrator.bench.ResultWatcher;
import org.callorchestrator.schema.Topics;

/**
 * Scenario {@code broker-cluster}: a three-node KRaft cluster of its own (the local stack
 * with {@code -Dkafka.nodes=3 -Dkafka.only=true} on ports base+200..205: every topic 3
 * replicas, {@code min.insync.replicas} 2), with a worker (base+210), a log poller (+211)
 * and call-state (+212) of its own against it, all creating their topics with 3 replicas;
 * the suite's registry and sandbox serve it. Under load (initiates and inbound calls ×
 * PRE_ACCEPT → ACCEPT → TERMINATE, in two parts: {@link #FIRST_LOAD},
 * {@link #SECOND_LOAD}) the node that coordinates the worker's initiate group is killed
 * (SIGKILL) once a tenth of the commands concluded, and started again on its data once
 * the controller fenced it; once it is back in every ISR, the node leading most
 * {@code call.events} partitions is killed and started again the same way. Every
 * command's figures (nothing lost, doubled, dialled twice, left OUTCOME_UNKNOWN or
 * reported failed although its call exists); once every outbound call is hung up,
 * call-state's transitions judged as in {@code call-state-crash}
 * ({@link CallStateJudge}); every call in the poller's {@code call.logs}, no version
 * twice. Every process of the scenario is C1-only (its JVMs mostly start and wait) and
 * stopped with SIGKILL at the end: nothing of it is reused.
 */
final class BrokerClusterFaults {

	private static final String SCENARIO = "broker-cluster";

	/**
	 * The worker's consumer group of {@code call.initiate}, whose coordinator is killed
	 * first.
	 */
	private static final String INITIATE_GROUP = "call-worker-initiate";

	/**
	 * How long the first 60 % of the load is spread over: the first fault falls inside
	 * it. The rest waits until the first node is back in every ISR (a restarted node
	 * takes 5–20 s to register again on two busy cores, a few more to be back in every
	 * ISR), then goes over {@link #SECOND_LOAD}, the second fault at its start.
	 */
	private static final Duration FIRST_LOAD = Duration.ofSeconds(20);

	private static final Duration SECOND_LOAD = Duration.ofSeconds(10);

	private static final List<String> C1 = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

	private static final String REPLICAS = "3";

	private final ReliabilitySuite suite;

	private final Path logs;

	private final int initiates;

	private final int inbound;

	private final int base;

	private final String bootstrap;

	private final Map<String, Object> phases = new LinkedHashMap<>();

	private final Map<String, Object> figures = new LinkedHashMap<>();

	private final List<ChildProcess> processes = new ArrayList<>();

	/** Nodes this scenario started again, by id: no longer the local stack's children. */
	private final Map<Integer, ChildProcess> restarted = new LinkedHashMap<>();

	/**
	 * The command lines of the nodes killed so far, by id: a node is started again with
	 * the same one.
	 */
	private final Map<Integer, List<String>> commands = new LinkedHashMap<>();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private long phaseStart = System.nanoTime();

	/**
	 * Released once the first killed node is back in every ISR: the rest of the load
	 * follows.
	 */
	private final CountDownLatch secondPart = new CountDownLatch(1);

	/**
	 * @param initiates initiates of the load; a fifteenth as many inbound calls get an
	 * action sequence
	 */
	BrokerClusterFaults(ReliabilitySuite suite, Path logs, int initiates) {
		this.suite = suite;
		this.logs = logs;
		this.initiates = initiates;
		this.inbound = Math.max(2, initiates / 15);
		this.base = suite.portBase + 200;
		this.bootstrap = IntStream.range(0, 3)
			.mapToObj(i -> "127.0.0.1:" + (this.base + 2 * i))
			.collect(Collectors.joining(","));
	}

	ScenarioResult run() throws Exception {
		long started = System.nanoTime();
		ReliabilitySuite.say("%s: three nodes on ports %d-%d, worker, poller and call-state of its own; %,d initiates "
				+ "and %,d inbound call sequences (%d s of load); kill -9 of the initiate group's coordinator, then of the "
				+ "node leading most call.events partitions", SCENARIO, this.base, this.base + 5, this.initiates,
				this.inbound, FIRST_LOAD.plus(SECOND_LOAD).toSeconds());
		ChildProcess stack = ChildProcess.start("cluster-stack", this.logs, stackCommand());
		try {
			stack.awaitLog("local stack ready", Duration.ofMinutes(2));
			phase("cluster_start");
			startServices();
			phase("services_start");
			try (CommandLoad load = new CommandLoad(this.bootstrap, this.suite.registry,
					this.suite.sandbox + "/sandbox");
					ResultWatcher results = new ResultWatcher(this.bootstrap, this.suite.registry);
					DeadLetterWatcher deadLetters = new DeadLetterWatcher(this.bootstrap);
					TransitionWatcher transitions = new TransitionWatcher(this.bootstrap, this.suite.registry);
					CallLogWatcher callLogs = new CallLogWatcher(this.bootstrap, this.suite.registry);
					Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrap))) {
				return underFaults(stack, admin, load, results, deadLetters, transitions, callLogs, started);
			}
		}
		finally {
			long stopping = System.nanoTime();
			// SIGKILL first: a graceful shutdown of three nodes at once waits on the
			// quorum; the data is thrown away
			for (int id = 1; id <= 3; id++) {
				stack.descendant(marker(id)).ifPresent(ProcessHandle::destroyForcibly);
			}
			this.processes.forEach(ChildProcess::kill);
			// the stack deletes the nodes' data as it stops
			stack.close();
			ReliabilitySuite.say("%s: stopped its processes in %.1f s; phases (s): %s", SCENARIO,
					(System.nanoTime() - stopping) / 1e9, this.phases);
		}
	}

	private ScenarioResult underFaults(ChildProcess stack, Admin admin, CommandLoad load, ResultWatcher results,
			DeadLetterWatcher deadLetters, TransitionWatcher transitions, CallLogWatcher callLogs, long started)
			throws Exception {
		List<String> ids = Collections.synchronizedList(new ArrayList<>());
		List<String> initiateIds = Collections.synchronizedList(new ArrayList<>());
		Set<String> inboundCalls = ConcurrentHashMap.newKeySet();
		List<List<String>> sequences = Collections.synchronizedList(new ArrayList<>());
		int total = this.initiates + this.inbound * 3;
		Thread producer = new Thread(() -> produce(load, ids, initiateIds, inboundCalls, sequences),
				SCENARIO + "-load");
		producer.setDaemon(true);
		producer.start();

		results.awaitConcluded(ids, (long) (total * 0.1), Duration.ofMinutes(3), SCENARIO);
		phase("load_to_first_kill");
		int coordinator = admin.describeConsumerGroups(List.of(INITIATE_GROUP))
			.all()
			.get(30, TimeUnit.SECONDS)
			.get(INITIATE_GROUP)
			.coordinator()
			.id();
		Fault first = killAndRestart(stack, admin, coordinator, "coordinator of " + INITIATE_GROUP,
				results.concluded(ids), ids.size(), total);
		awaitInIsr(admin, coordinator, Duration.ofSeconds(90));
		phase("first_node_back_in_every_isr");
		this.secondPart.countDown();

		int leader = mostCallEventsLeader(admin);
		Fault second = killAndRestart(stack, admin, leader, "leader of most " + Topics.CALL_EVENTS + " partitions",
				results.concluded(ids), ids.size(), total);

		producer.join(Duration.ofMinutes(3).toMillis());
		List<String> all = List.copyOf(ids);
		results.awaitAll(all, Duration.ofMinutes(3), SCENARIO);
		phase("all_concluded");
		awaitInIsr(admin, leader, Duration.ofSeconds(60));
		phase("second_node_back_in_every_isr");

		Set<String> calls = new HashSet<>(inboundCalls);
		long hangUpsFailed = hangUpOutbound(results, initiateIds, calls);
		CallStateJudge judge = new CallStateJudge(SCENARIO, this.bootstrap, this.suite.registry, this.suite.sandbox,
				this.base + 12);
		Map<String, CallStateJudge.SandboxCall> sandboxCalls = judge.awaitFinal(() -> calls, Duration.ofMinutes(2));
		judge.awaitCaughtUp(transitions, sandboxCalls, Duration.ofMinutes(2));
		phase("calls_final_and_caught_up");
		CallStateJudge.Verdict verdict = judge.verdict(sandboxCalls);
		long notInCallLogs = calls.stream().filter(id -> !callLogs.has(id)).count();
		long callLogVersionsTwice = callLogs.duplicateVersions();
		phase("verdict");

		long disordered = List.copyOf(sequences).stream().filter(results::outOfOrder).count();
		long mismatched = verdict.mismatched().size();
		this.figures.put("first_kill", first.figures());
		this.figures.put("second_kill", second.figures());
		this.figures.put("calls_with_actions_out_of_order", disordered);
		this.figures.put("calls", verdict.calls().size());
		this.figures.put("transitions", verdict.transitions());
		this.figures.put("calls_with_a_status_twice", verdict.duplicate().size());
		this.figures.put("calls_with_a_sequence_gap", verdict.gap().size());
		this.figures.put("calls_with_a_wrong_previous_status", verdict.wrongPrevious().size());
		this.figures.put("calls_with_a_transition_after_terminal", verdict.afterTerminal().size());
		this.figures.put("calls_without_transitions", verdict.none().size());
		this.figures.put("final_state_mismatches", mismatched);
		this.figures.put("transitions_by_source", verdict.bySource());
		this.figures.put("final_statuses", verdict.finalStatuses());
		this.figures.put("calls_not_in_call_logs", notInCallLogs);
		this.figures.put("call_log_versions_twice", callLogVersionsTwice);
		this.figures.put("hang_ups_failed", hangUpsFailed);
		if (!verdict.examples().isEmpty()) {
			this.figures.put("examples", verdict.examples());
		}
		this.figures.put("phases_s", this.phases);
		this.figures.put("scenario_s", round((System.nanoTime() - started) / 1e9));
		ScenarioResult commands = this.suite.result(SCENARIO, all, String
			.format("%,d commands; kill -9 of node %d (%s) with %,d produced and %,d concluded, fenced %.1f s later, "
					+ "back in every ISR; kill -9 of node %d (%s) with %,d produced and %,d concluded, fenced %.1f s "
					+ "later; %d calls' actions out of "
					+ "order; call-state: %,d calls, %,d transitions, final state = Vobiz's for %,d, a status twice "
					+ "%d, a gap %d; call.logs: %d calls missing, %d versions twice", all.size(), first.node(),
					first.role(), first.producedBefore(), first.concludedBefore(), first.fencedSeconds(), second.node(),
					second.role(), second.producedBefore(), second.concludedBefore(), second.fencedSeconds(),
					disordered, verdict.calls().size(), verdict.transitions(), verdict.calls().size() - mismatched,
					verdict.duplicate().size(), verdict.gap().size(), notInCallLogs, callLogVersionsTwice),
				this.figures, load, results, deadLetters);
		return new ScenarioResult(SCENARIO, commands.sent(), commands.withResult(), commands.deadLetters(),
				commands.withoutOutcome() + mismatched + verdict.none().size() + notInCallLogs,
				commands.duplicateResults() + disordered + verdict.wrong() + callLogVersionsTwice,
				commands.duplicateDials(), commands.notes(), commands.figures());
	}

	/**
	 * The local stack with only the three nodes and the topics; each node C1-only with a
	 * 384 MB heap.
	 */
	private List<String> stackCommand() {
		List<String> command = ChildProcess.java("256m", C1.toArray(String[]::new));
		command.addAll(List.of("-Dkafka.nodes=3", "-Dkafka.only=true", "-Dkafka.port=" + this.base, "-Dkafka.heap=384m",
				"-Dkafka.jvm=" + String.join(" ", C1), "-jar", "tools/local-stack/target/local-stack-exec.jar"));
		return command;
	}

	/**
	 * The worker, the poller and call-state, started together, each creating its topics
	 * with 3 replicas.
	 */
	private void startServices() {
		String vobiz = "--%s.vobiz.base-url=" + this.suite.sandbox + "/api/v1/messaging";
		Map<Integer, ChildProcess> services = new LinkedHashMap<>();
		services.put(this.base + 10,
				service("cluster-worker", ReliabilitySuite.WORKER_JAR, this.base + 10, vobiz.formatted("worker"),
						"--worker.vobiz.auth-id=MA_XXXXXXXX", "--worker.vobiz.auth-token=" + ReliabilitySuite.TOKEN,
						"--worker.topics.replication-factor=" + REPLICAS));
		services.put(this.base + 11,
				service("cluster-log-poller", ChildProcess.serviceJar("log-poller"), this.base + 11,
						vobiz.formatted("poller"), "--poller.vobiz.auth-id=MA_XXXXXXXX",
						"--poller.vobiz.auth-token=" + ReliabilitySuite.TOKEN,
						"--poller.topics.replication-factor=" + REPLICAS));
		services.put(this.base + 12,
				service("cluster-call-state", ChildProcess.serviceJar("call-state"), this.base + 12,
						"--spring.kafka.streams.state-dir="
								+ this.logs.resolve("cluster-call-state-" + System.nanoTime()).toAbsolutePath(),
						"--state.topics.replicas=" + REPLICAS,
						"--spring.kafka.streams.replication-factor=" + REPLICAS));
		services.forEach((port, process) -> process.awaitHttp("http://127.0.0.1:" + port + "/actuator/health/readiness",
				Duration.ofMinutes(2)));
	}

	private ChildProcess service(String name, String jar, int port, String... args) {
		List<String> all = new ArrayList<>(List.of("--server.port=" + port));
		all.addAll(List.of(args));
		ChildProcess process = ChildProcess.start(name, this.logs,
				ChildProcess.springBoot("256m", C1, jar, this.bootstrap, this.suite.registry, all, true));
		this.processes.add(process);
		return process;
	}

	/**
	 * Initiates at an even pace, an inbound call with its action sequence every so often:
	 * 60 % over {@link #FIRST_LOAD}, the rest over {@link #SECOND_LOAD} once
	 * {@link #secondPart} is released (at most 3 min).
	 */
	private void produce(CommandLoad load, List<String> ids, List<String> initiateIds, Set<String> inboundCalls,
			List<List<String>> sequences) {
		int every = Math.max(1, this.initiates / this.inbound);
		int firstPart = this.initiates * 6 / 10;
		long start = System.nanoTime();
		for (int i = 0; i < this.initiates; i++) {
			if (i == firstPart) {
				load.flush();
				try {
					this.secondPart.await(3, TimeUnit.MINUTES);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
				start = System.nanoTime();
			}
			String id = load.initiate().commandId();
			initiateIds.add(id);
			ids.add(id);
			if (i % every == 0 && sequences.size() < this.inbound) {
				String callId = load.inboundCall();
				inboundCalls.add(callId);
				List<String> sequence = load.actionSequence(callId);
				sequences.add(sequence);
				ids.addAll(sequence);
			}
			if (i % 10 == 9) {
				load.flush();
				long due = (i < firstPart) ? start + FIRST_LOAD.toNanos() * (i + 1) / firstPart
						: start + SECOND_LOAD.toNanos() * (i + 1 - firstPart) / (this.initiates - firstPart);
				ChildProcess.sleep(Duration.ofNanos(Math.max(0, due - System.nanoTime())));
			}
		}
		load.flush();
	}

	/**
	 * Kills node {@code id} (SIGKILL), waits until the controller fenced it (the cluster
	 * shows two brokers), starts it again with the same command line on its data and
	 * waits until it is registered again.
	 */
	private Fault killAndRestart(ChildProcess stack, Admin admin, int id, String role, long concludedBefore,
			int producedBefore, int total) throws Exception {
		long killedAt;
		List<String> command = this.commands.get(id);
		ChildProcess again = this.restarted.remove(id);
		if (again != null) {
			killedAt = System.nanoTime();
			again.kill();
		}
		else {
			ProcessHandle node = stack.descendant(marker(id))
				.orElseThrow(() -> new IllegalStateException("no process of Kafka node " + id));
			command = new ArrayList<>();
			command.add(node.info().command().orElseThrow());
			command.addAll(List.of(node.info().arguments().orElseThrow()));
			this.commands.put(id, command);
			killedAt = System.nanoTime();
			node.destroyForcibly();
			node.onExit().get(30, TimeUnit.SECONDS);
		}
		ReliabilitySuite.say("%s: killed node %d (%s) with %,d of %,d commands produced, %,d concluded", SCENARIO, id,
				role, producedBefore, total, concludedBefore);
		awaitBrokers(admin, 2, Duration.ofSeconds(30));
		double fenced = (System.nanoTime() - killedAt) / 1e9;
		ChildProcess node = ChildProcess.start("cluster-node-" + id + "-restarted", this.logs, command);
		this.processes.add(node);
		this.restarted.put(id, node);
		awaitBrokers(admin, 3, Duration.ofMinutes(3));
		double back = (System.nanoTime() - killedAt) / 1e9;
		ReliabilitySuite.say("%s: node %d fenced %.1f s after the kill, registered again after %.1f s", SCENARIO, id,
				fenced, back);
		phase("node_" + id + "_killed_to_registered_again");
		return new Fault(id, role, producedBefore, concludedBefore, round(fenced), round(back));
	}

	/**
	 * What a node's command line holds and no other's of the cluster does
	 * ({@code KafkaBrokerProcess}).
	 */
	private static String marker(int id) {
		return "node-" + id + ".properties";
	}

	private static void awaitBrokers(Admin admin, int count, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (brokers(admin) != count) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(
						SCENARIO + ": the cluster did not have " + count + " brokers within " + timeout);
			}
			ChildProcess.sleep(Duration.ofMillis(100));
		}
	}

	private static int brokers(Admin admin) {
		try {
			return admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
		}
		catch (Exception ex) {
			return -1;
		}
	}

	/**
	 * Waits until node {@code id} is in the ISR of every partition it replicates
	 * (internal topics included): until then a second dead node would leave some
	 * partition below {@code min.insync.replicas}.
	 */
	private static void awaitInIsr(Admin admin, int id, Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true))
			.names()
			.get(30, TimeUnit.SECONDS);
		while (true) {
			long behind = admin.describeTopics(topics)
				.allTopicNames()
				.get(30, TimeUnit.SECONDS)
				.values()
				.stream()
				.flatMap(topic -> topic.partitions().stream())
				.filter(p -> p.replicas().stream().anyMatch(r -> r.id() == id))
				.filter(p -> p.isr().stream().noneMatch(r -> r.id() == id))
				.count();
			if (behind == 0) {
				return;
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(SCENARIO + ": node " + id + " still out of the ISR of " + behind
						+ " partitions after " + timeout);
			}
			ChildProcess.sleep(Duration.ofMillis(200));
		}
	}

	/** The node leading most {@code call.events} partitions. */
	private static int mostCallEventsLeader(Admin admin) throws Exception {
		TopicDescription events = admin.describeTopics(List.of(Topics.CALL_EVENTS))
			.allTopicNames()
			.get(30, TimeUnit.SECONDS)
			.get(Topics.CALL_EVENTS);
		return events.partitions()
			.stream()
			.map(TopicPartitionInfo::leader)
			.filter(leader -> leader != null && !leader.isEmpty())
			.collect(Collectors.groupingBy(Node::id, Collectors.counting()))
			.entrySet()
			.stream()
			.max(Map.Entry.comparingByValue())
			.map(Map.Entry::getKey)
			.orElseThrow(() -> new IllegalStateException(Topics.CALL_EVENTS + " has no leader"));
	}

	/**
	 * Hangs up every outbound call (the suite's sandbox keeps calls up for an hour), so
	 * that every call ends final; adds them to {@code calls}; returns how many hang-ups
	 * the sandbox refused.
	 */
	private long hangUpOutbound(ResultWatcher results, List<String> initiateIds, Set<String> calls) {
		long failed = 0;
		for (String id : List.copyOf(initiateIds)) {
			List<ResultWatcher.Seen> seen = results.of(id);
			String callId = seen.isEmpty() ? null : seen.get(0).callId();
			if (callId == null) {
				continue;
			}
			calls.add(callId);
			try {
				int status = this.http
					.send(HttpRequest
						.newBuilder(URI.create(this.suite.sandbox + "/sandbox/calls/" + callId + "/hangup"))
						.timeout(Duration.ofSeconds(10))
						.POST(HttpRequest.BodyPublishers.noBody())
						.build(), HttpResponse.BodyHandlers.discarding())
					.statusCode();
				failed += (status / 100 == 2) ? 0 : 1;
			}
			catch (Exception ex) {
				failed++;
			}
		}
		return failed;
	}

	/**
	 * Records the seconds since the previous phase ended under {@code name}, and prints
	 * them.
	 */
	private void phase(String name) {
		long now = System.nanoTime();
		double seconds = round((now - this.phaseStart) / 1e9);
		this.phases.put(name, seconds);
		this.phaseStart = now;
		ReliabilitySuite.say("%s: %s %.1f s", SCENARIO, name.replace('_', ' '), seconds);
	}

	private static double round(double seconds) {
		return Math.round(seconds * 10) / 10.0;
	}

	/**
	 * One node's kill and restart.
	 *
	 * @param node its id
	 * @param role why it was chosen
	 * @param producedBefore commands produced when it was killed
	 * @param concludedBefore commands concluded when it was killed
	 * @param fencedSeconds from the kill to the controller fencing it
	 * @param registeredSeconds from the kill to the restarted node registered again
	 */
	private record Fault(int node, String role, int producedBefore, long concludedBefore, double fencedSeconds,
			double registeredSeconds) {

		Map<String, Object> figures() {
			Map<String, Object> figures = new LinkedHashMap<>();
			figures.put("node", this.node);
			figures.put("role", this.role);
			figures.put("produced_before", this.producedBefore);
			figures.put("concluded_before", this.concludedBefore);
			figures.put("fenced_after_s", this.fencedSeconds);
			figures.put("registered_again_after_s", this.registeredSeconds);
			return figures;
		}

	}

}
