package org.callorchestrator.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.callorchestrator.bench.ChildProcess;
import org.callorchestrator.bench.ResultWatcher;
import org.callorchestrator.schema.CallAction;
import org.callorchestrator.schema.Topics;
import org.jspecify.annotations.Nullable;

/**
 * {@code call-state-crash}: call-state as its own process (exactly-once v2, RocksDB
 * stores in its own state dir) under the worker, the ingress and the log poller, all
 * processes. Outbound calls are placed over a few seconds — half ended by a TERMINATE
 * command, half by the remote party hanging up ({@code POST /sandbox/calls/{id}/hangup},
 * what the sandbox's talk duration does: the suite's stack keeps calls up for an hour) —
 * and inbound calls injected at the sandbox, half given PRE_ACCEPT → ACCEPT → TERMINATE,
 * a quarter REJECT, a quarter left to be missed. The sandbox delivers every other webhook
 * twice and drops every webhook of a fifth of the calls (those get their transitions from
 * the call logs). call-state is killed (SIGKILL) once a third of the calls have their
 * first transition and a new one started on a new, empty state dir, so it restores every
 * store from its changelog. Once every call is final in the sandbox and call-state has
 * caught up, {@code call.events} is read from its beginning: every call's transitions
 * exactly once (no status twice), sequence 1..n without a gap, each previous status the
 * status before it (null for the first), nothing after a terminal status; its last
 * {@code call.state} snapshot, its last transition and {@code GET /calls/{id}} all equal
 * the sandbox's final status, for every call.
 */
final class CallStateCrash {

	private static final Pattern RESTORED = Pattern.compile("Restored (\\S+) from (\\S+): (\\d+) records in (\\d+) ms");

	private static final String GROUP = "call-state";

	private final ReliabilitySuite suite;

	private final Path logs;

	private final int outbound;

	private final int inbound;

	private final Duration placing;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final ObjectMapper json = new ObjectMapper();

	private final CallStateJudge judge;

	private final List<String> initiates = Collections.synchronizedList(new ArrayList<>());

	private final List<String> actions = Collections.synchronizedList(new ArrayList<>());

	private final Set<String> inboundCalls = ConcurrentHashMap.newKeySet();

	private final Set<String> outboundCalls = ConcurrentHashMap.newKeySet();

	private final AtomicInteger pending = new AtomicInteger();

	private final AtomicLong followUpFailures = new AtomicLong();

	/** call-state-1, starting or started ({@link #startEarly}). */
	private @Nullable CompletableFuture<ChildProcess> first;

	private long firstStart;

	private volatile double firstReady;

	CallStateCrash(ReliabilitySuite suite, Path logs, int outbound, int inbound) {
		this.suite = suite;
		this.logs = logs;
		this.outbound = outbound;
		this.inbound = inbound;
		this.placing = Duration.ofSeconds((outbound >= 1000) ? 30 : 12);
		this.judge = new CallStateJudge("call-state-crash", suite.bootstrap, suite.registry, suite.sandbox,
				suite.callStatePort());
	}

	/**
	 * Starts call-state-1 in the background, so that it comes up and reads the records of
	 * the scenarios still running before this one (the short variant starts it a few
	 * scenarios early: its JVM start and the history are then off the suite's time).
	 * {@link #run} waits for it; without this call, {@link #run} starts it itself.
	 */
	void startEarly() {
		if (this.first == null) {
			this.firstStart = System.nanoTime();
			Path stateDir;
			try {
				stateDir = emptyDir("call-state-1");
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			this.first = CompletableFuture.supplyAsync(() -> {
				ChildProcess started = this.suite.startCallState(this.logs, "call-state-1", stateDir,
						Duration.ofMinutes(4));
				this.firstReady = seconds(this.firstStart);
				return started;
			});
		}
	}

	ScenarioResult run() throws Exception {
		int total = this.outbound + this.inbound;
		int ingressPort = this.suite.startIngress(this.logs);
		ReliabilitySuite.say("call-state-crash: call-state as a process; %,d outbound and %,d inbound calls over %d s, "
				+ "webhooks twice at rate 0.5 and dropped for a fifth of the calls; kill -9 of call-state at a third",
				this.outbound, this.inbound, this.placing.toSeconds());
		startEarly();
		long waitedFrom = System.nanoTime();
		ChildProcess first = this.first.get(5, TimeUnit.MINUTES);
		double firstReady = this.firstReady;
		long lagBefore = awaitLag(Duration.ofMinutes(3));
		double historyCaughtUp = seconds(this.firstStart);
		double firstWaited = seconds(waitedFrom);
		ReliabilitySuite.say(
				"call-state-crash: call-state-1 ready in %.1f s, through the earlier scenarios' records "
						+ "in %.1f s (lag %d); this scenario waited %.1f s for it",
				firstReady, historyCaughtUp, lagBefore, firstWaited);

		String subscription = subscribe(ingressPort);
		String latency = "\"latency\":{\"fixed_ms\":" + this.suite.latencyMs + ",\"jitter_ms\":0}";
		this.suite.load
			.sandboxFaults("{" + latency + ",\"webhook_drops\":{\"call_share\":0.2,\"share\":0,\"seconds\":0}}");
		admin("PUT", "/sandbox/webhooks/duplicate-rate", "{\"rate\":0.5}");
		Map<String, Object> figures = new LinkedHashMap<>();
		ScheduledExecutorService followUps = Executors.newScheduledThreadPool(2, daemon("call-state-crash-actions"));
		ExecutorService placer = Executors.newSingleThreadExecutor(daemon("call-state-crash-calls"));
		double restoreSeconds;
		double caughtUp;
		long startedAtKill;
		long transitionsAtKill;
		long lagAtEnd;
		long secondStartMillis;
		long killedMillis;
		Map<String, CallStateJudge.SandboxCall> sandboxCalls;
		try (TransitionWatcher live = new TransitionWatcher(this.suite.bootstrap, this.suite.registry)) {
			Future<?> placed = placer.submit(() -> place(followUps));
			long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
			while (live.started(calls()) < total / 3 && System.nanoTime() < deadline) {
				if (placed.isDone()) {
					placed.get();
				}
				ChildProcess.sleep(Duration.ofMillis(20));
			}
			startedAtKill = live.started(calls());
			transitionsAtKill = live.transitions(calls());
			first.kill();
			long killedAt = System.nanoTime();
			killedMillis = System.currentTimeMillis();
			ReliabilitySuite.say(
					"call-state-crash: killed call-state-1 (SIGKILL) with %,d of %,d calls started "
							+ "(%,d transitions); starting call-state-2 on an empty state dir",
					startedAtKill, total, transitionsAtKill);
			long secondStart = System.nanoTime();
			secondStartMillis = System.currentTimeMillis();
			this.suite.startCallState(this.logs, "call-state-2", emptyDir("call-state-2"), Duration.ofMinutes(4));
			restoreSeconds = seconds(secondStart);
			ReliabilitySuite.say("call-state-crash: call-state-2 ready (restored) %.1f s after its start",
					restoreSeconds);
			placed.get(5, TimeUnit.MINUTES);
			long followUpDeadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
			while (this.pending.get() > 0 && System.nanoTime() < followUpDeadline) {
				ChildProcess.sleep(Duration.ofMillis(100));
			}
			sandboxCalls = this.judge.awaitFinal(this::calls, Duration.ofMinutes(4));
			this.judge.awaitCaughtUp(live, sandboxCalls, Duration.ofMinutes(3));
			caughtUp = seconds(killedAt);
			lagAtEnd = awaitLag(Duration.ofSeconds(30));
			long quietDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (System.nanoTime() - live.lastArrivalNanos(calls()) < Duration.ofSeconds(5).toNanos()
					&& System.nanoTime() < quietDeadline) {
				ChildProcess.sleep(Duration.ofMillis(200));
			}
		}
		finally {
			placer.shutdownNow();
			followUps.shutdownNow();
			this.suite.load.sandboxFaults("{" + latency + "}");
			admin("PUT", "/sandbox/webhooks/duplicate-rate", "{\"rate\":0}");
			unsubscribe(subscription);
		}

		CallStateJudge.Verdict verdict = this.judge.verdict(sandboxCalls);
		Dropped dropped = dropped();
		Restore restore = restore(this.logs.resolve("call-state-2.log"), secondStartMillis, killedMillis);
		List<String> commands = new ArrayList<>(this.initiates);
		commands.addAll(this.actions);
		long withoutResult = commands.stream().filter(id -> this.suite.results.of(id).isEmpty()).count();
		long doubledResults = commands.stream().filter(id -> this.suite.results.of(id).size() > 1).count();
		Map<String, Long> deadLetters = new TreeMap<>();
		for (String id : commands) {
			DeadLetterWatcher.DeadLetter letter = this.suite.deadLetters.of(id);
			if (letter != null) {
				deadLetters.merge(String.valueOf(letter.category()), 1L, Long::sum);
			}
		}
		long droppedCalls = verdict.calls().stream().filter(dropped.calls()::contains).count();

		figures.put("calls", verdict.calls().size());
		figures.put("outbound", this.outboundCalls.size());
		figures.put("inbound", this.inboundCalls.size());
		figures.put("transitions", verdict.transitions());
		figures.put("calls_with_a_status_twice", verdict.duplicate().size());
		figures.put("calls_with_a_sequence_gap", verdict.gap().size());
		figures.put("calls_with_a_wrong_previous_status", verdict.wrongPrevious().size());
		figures.put("calls_with_a_transition_after_terminal", verdict.afterTerminal().size());
		figures.put("calls_without_transitions", verdict.none().size());
		figures.put("final_state_mismatches", verdict.mismatched().size());
		figures.put("snapshot_mismatches", verdict.snapshotMismatch().size());
		figures.put("http_mismatches", verdict.httpMismatch().size());
		figures.put("inputs_results", verdict.inputResults());
		figures.put("inputs_webhook_observations", verdict.inputObservations());
		figures.put("inputs_call_log_rows", verdict.inputLogRows());
		figures.put("transitions_by_source", verdict.bySource());
		figures.put("final_statuses", verdict.finalStatuses());
		figures.put("webhooks_dropped_calls", droppedCalls);
		figures.put("webhooks_dropped_events", dropped.events());
		figures.put("calls_started_at_kill", startedAtKill);
		figures.put("transitions_at_kill", transitionsAtKill);
		figures.put("restore_seconds", round(restoreSeconds));
		figures.put("restored_records", restore.records());
		figures.put("restored_store_partitions", restore.partitions());
		figures.put("restore_longest_partition_ms", restore.longestMillis());
		figures.put("restore_phases_seconds", restore.phases());
		figures.put("caught_up_seconds_after_kill", round(caughtUp));
		figures.put("input_lag_at_check", lagAtEnd);
		figures.put("first_instance_ready_seconds", round(firstReady));
		figures.put("first_instance_through_history_seconds", round(historyCaughtUp));
		figures.put("first_instance_waited_seconds", round(firstWaited));
		figures.put("commands", commands.size());
		figures.put("commands_without_result", withoutResult);
		figures.put("commands_with_two_results", doubledResults);
		figures.put("follow_ups_failed", this.followUpFailures.get());
		if (!verdict.examples().isEmpty()) {
			figures.put("examples", verdict.examples());
		}
		long wrongCalls = verdict.wrong();
		long mismatched = verdict.mismatched().size();
		String notes = String.format("%,d calls (%,d out, %,d in), %,d transitions from %,d results, %,d webhook "
				+ "observations and %,d call-log rows; calls with a status twice %d, a gap %d, a wrong previous %d, a "
				+ "transition after a terminal %d; final state = Vobiz's for %,d of %,d (call.state, last transition "
				+ "and GET /calls/{id}); killed with %,d calls started, the new call-state on an empty state dir ready "
				+ "%.1f s after its start (%s; restored %,d records into %d store partitions, longest %d ms), caught up "
				+ "%.1f s after the kill; webhooks dropped for %,d calls (%,d events), every other delivered twice; "
				+ "%d of %d commands without a result, %d with two", verdict.calls().size(), this.outboundCalls.size(),
				this.inboundCalls.size(), verdict.transitions(), verdict.inputResults(), verdict.inputObservations(),
				verdict.inputLogRows(), verdict.duplicate().size(), verdict.gap().size(),
				verdict.wrongPrevious().size(), verdict.afterTerminal().size(), verdict.calls().size() - mismatched,
				verdict.calls().size(), startedAtKill, restoreSeconds, restore.summary(), restore.records(),
				restore.partitions(), restore.longestMillis(), caughtUp, droppedCalls, dropped.events(), withoutResult,
				commands.size(), doubledResults);
		ScenarioResult result = new ScenarioResult("call-state-crash", total, verdict.calls().size() - mismatched,
				deadLetters, mismatched + withoutResult + (total - verdict.calls().size()), wrongCalls + doubledResults,
				this.suite.load.duplicateDialOffers(), notes, figures);
		ReliabilitySuite.say("call-state-crash: %s", result);
		return result;
	}

	/**
	 * Places the calls at an even pace over {@link #placing}, each with its follow-ups
	 * scheduled.
	 */
	private void place(ScheduledExecutorService followUps) {
		int total = this.outbound + this.inbound;
		int everyInbound = Math.max(1, total / Math.max(1, this.inbound));
		long start = System.nanoTime();
		int out = 0;
		int in = 0;
		for (int k = 0; k < total; k++) {
			long due = start + this.placing.toNanos() * k / total;
			long wait = due - System.nanoTime();
			if (wait > 1_000_000) {
				ChildProcess.sleep(Duration.ofNanos(wait));
			}
			boolean inboundTurn = (k % everyInbound == everyInbound - 1 && in < this.inbound) || out >= this.outbound;
			if (inboundTurn) {
				String callId = this.suite.load.inboundCall();
				this.inboundCalls.add(callId);
				inboundFollowUps(followUps, callId, in++);
			}
			else {
				String commandId = this.suite.load.initiate().commandId();
				this.initiates.add(commandId);
				this.suite.load.flush();
				this.pending.incrementAndGet();
				int n = out++;
				followUps.schedule(() -> outboundFollowUp(followUps, commandId, n, 0), 2500, TimeUnit.MILLISECONDS);
			}
		}
	}

	/**
	 * Once the initiate's result names the call: TERMINATE (even calls) or the remote
	 * party hangs up (odd ones).
	 */
	private void outboundFollowUp(ScheduledExecutorService followUps, String commandId, int n, int attempt) {
		try {
			List<ResultWatcher.Seen> seen = this.suite.results.of(commandId);
			if (seen.isEmpty()) {
				if (attempt < 240) {
					followUps.schedule(() -> outboundFollowUp(followUps, commandId, n, attempt + 1), 500,
							TimeUnit.MILLISECONDS);
					return;
				}
				this.followUpFailures.incrementAndGet();
			}
			else if (seen.get(0).callId() == null) {
				this.followUpFailures.incrementAndGet();
			}
			else {
				String callId = seen.get(0).callId();
				this.outboundCalls.add(callId);
				if (n % 2 == 0) {
					this.actions.add(this.suite.load.action(callId, CallAction.TERMINATE, null));
				}
				else if (admin("POST", "/sandbox/calls/" + callId + "/hangup", null) / 100 != 2) {
					this.followUpFailures.incrementAndGet();
				}
			}
			this.pending.decrementAndGet();
		}
		catch (RuntimeException ex) {
			this.followUpFailures.incrementAndGet();
			this.pending.decrementAndGet();
		}
	}

	/**
	 * An agent's actions on an inbound call: PRE_ACCEPT after 1 s, ACCEPT after 1.5 s,
	 * TERMINATE after 3 s (half the calls); REJECT after 1 s (a quarter); none, so that
	 * the sandbox ends it as missed (a quarter).
	 */
	private void inboundFollowUps(ScheduledExecutorService followUps, String callId, int n) {
		switch (n % 4) {
			case 0, 1 -> {
				action(followUps, callId, CallAction.PRE_ACCEPT, "v=0\r\ns=agent\r\n", 1000);
				action(followUps, callId, CallAction.ACCEPT, "v=0\r\ns=agent\r\n", 1500);
				action(followUps, callId, CallAction.TERMINATE, null, 3000);
			}
			case 2 -> action(followUps, callId, CallAction.REJECT, null, 1000);
			default -> {
			}
		}
	}

	private void action(ScheduledExecutorService followUps, String callId, CallAction action, String sdp,
			long afterMs) {
		this.pending.incrementAndGet();
		followUps.schedule(() -> {
			try {
				this.actions.add(this.suite.load.action(callId, action, sdp));
			}
			catch (RuntimeException ex) {
				this.followUpFailures.incrementAndGet();
			}
			finally {
				this.pending.decrementAndGet();
			}
		}, afterMs, TimeUnit.MILLISECONDS);
	}

	/**
	 * Every call of the scenario known so far: inbound ones at once, outbound ones once
	 * their initiate's result came.
	 */
	private Set<String> calls() {
		Set<String> calls = new HashSet<>(this.inboundCalls);
		List<String> ids;
		synchronized (this.initiates) {
			ids = new ArrayList<>(this.initiates);
		}
		for (String id : ids) {
			List<ResultWatcher.Seen> seen = this.suite.results.of(id);
			if (!seen.isEmpty() && seen.get(0).callId() != null) {
				calls.add(seen.get(0).callId());
			}
		}
		return calls;
	}

	/**
	 * Waits until call-state's consumer group has committed every input and repartition
	 * record (read_committed end offsets), or its lag stayed the same for 10 s (nothing
	 * left in flight), at most {@code timeout}; returns the records left.
	 */
	private long awaitLag(Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		long lag = lag();
		long since = System.nanoTime();
		while (lag != 0 && System.nanoTime() < deadline
				&& System.nanoTime() - since < Duration.ofSeconds(10).toNanos()) {
			ChildProcess.sleep(Duration.ofMillis(500));
			long now = lag();
			if (now != lag) {
				lag = now;
				since = System.nanoTime();
			}
		}
		return lag;
	}

	private long lag() throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.suite.bootstrap))) {
			Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
				.partitionsToOffsetAndMetadata()
				.get(30, TimeUnit.SECONDS);
			Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
			for (String topic : List.of(Topics.CALL_COMMAND_RESULTS, Topics.WEBHOOK_OBSERVATIONS, Topics.CALL_LOGS)) {
				for (var partition : admin.describeTopics(List.of(topic))
					.allTopicNames()
					.get(30, TimeUnit.SECONDS)
					.get(topic)
					.partitions()) {
					wanted.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest());
				}
			}
			committed.keySet().forEach(partition -> wanted.put(partition, OffsetSpec.latest()));
			var ends = admin.listOffsets(wanted, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
				.all()
				.get(30, TimeUnit.SECONDS);
			long lag = 0;
			for (var end : ends.entrySet()) {
				OffsetAndMetadata at = committed.get(end.getKey());
				lag += Math.max(0, end.getValue().offset() - ((at != null) ? at.offset() : 0));
			}
			return lag;
		}
	}

	private Dropped dropped() throws Exception {
		String body = this.http
			.send(HttpRequest.newBuilder(URI.create(this.suite.sandbox + "/sandbox/webhooks/dropped"))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString())
			.body();
		JsonNode dropped = this.json.readTree(body);
		Set<String> calls = new HashSet<>();
		dropped.path("calls").forEach(call -> calls.add(call.asText()));
		return new Dropped(dropped.path("events").asLong(), calls);
	}

	/**
	 * What call-state's log says of its start ({@code StreamsLifecycle}): the restore
	 * lines per store partition, and when the Streams client started, its first store
	 * partition began restoring, the last one was restored and it went RUNNING.
	 */
	private static Restore restore(Path log, long startedMillis, long killedMillis) throws IOException {
		long records = 0;
		long longest = 0;
		int partitions = 0;
		Instant streamsStarted = null;
		Instant firstRestoring = null;
		Instant lastRestored = null;
		Instant running = null;
		if (Files.exists(log)) {
			for (String line : new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList()) {
				Matcher matcher = RESTORED.matcher(line);
				if (matcher.find()) {
					partitions++;
					records += Long.parseLong(matcher.group(3));
					longest = Math.max(longest, Long.parseLong(matcher.group(4)));
					lastRestored = timeOf(line);
				}
				else if (line.contains("Restoring ") && firstRestoring == null) {
					firstRestoring = timeOf(line);
				}
				else if (line.contains("Kafka Streams CREATED → REBALANCING") && streamsStarted == null) {
					streamsStarted = timeOf(line);
				}
				else if (line.contains("Kafka Streams REBALANCING → RUNNING") && running == null) {
					running = timeOf(line);
				}
			}
		}
		Instant started = Instant.ofEpochMilli(startedMillis);
		Map<String, Object> phases = new LinkedHashMap<>();
		phases.put("jvm_and_spring_to_streams_start", between(started, streamsStarted));
		phases.put("waiting_for_the_group_to_assign", between(streamsStarted, firstRestoring));
		phases.put("restoring", between(firstRestoring, lastRestored));
		phases.put("to_running", between(lastRestored, running));
		phases.put("assigned_after_the_kill", between(Instant.ofEpochMilli(killedMillis), firstRestoring));
		return new Restore(records, partitions, longest, phases);
	}

	private static Instant timeOf(String line) {
		try {
			return Instant.parse(line.substring(0, line.indexOf(' ')));
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static Double between(Instant from, Instant to) {
		return (from != null && to != null) ? round(Duration.between(from, to).toMillis() / 1000.0) : null;
	}

	/**
	 * Subscribes the ingress with the sandbox, as it would register itself with Vobiz;
	 * returns the subscription id.
	 */
	private String subscribe(int ingressPort) throws Exception {
		String body = "{\"url\":\"http://127.0.0.1:" + ingressPort + "/webhooks/vobiz\",\"secret\":\""
				+ ReliabilitySuite.WEBHOOK_SECRET + "\"}";
		HttpResponse<String> response = this.http
			.send(vobiz("/api/v1/messaging/webhooks").header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 201) {
			throw new IllegalStateException("Could not subscribe the ingress with the sandbox: " + response.statusCode()
					+ " " + response.body());
		}
		return this.json.readTree(response.body()).path("id").asText();
	}

	private void unsubscribe(String id) throws Exception {
		this.http.send(vobiz("/api/v1/messaging/webhooks/" + id).DELETE().build(),
				HttpResponse.BodyHandlers.discarding());
	}

	private HttpRequest.Builder vobiz(String path) {
		return HttpRequest.newBuilder(URI.create(this.suite.sandbox + path))
			.timeout(Duration.ofSeconds(10))
			.header("X-Auth-ID", "MA_XXXXXXXX")
			.header("X-Auth-Token", ReliabilitySuite.TOKEN);
	}

	/** A request to the sandbox's admin API; returns the HTTP status. */
	private int admin(String method, String path, String body) {
		try {
			HttpRequest.BodyPublisher publisher = (body != null) ? HttpRequest.BodyPublishers.ofString(body)
					: HttpRequest.BodyPublishers.noBody();
			return this.http
				.send(HttpRequest.newBuilder(URI.create(this.suite.sandbox + path))
					.timeout(Duration.ofSeconds(10))
					.header("Content-Type", "application/json")
					.method(method, publisher)
					.build(), HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException ex) {
			throw new IllegalStateException("sandbox " + method + " " + path + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A new, empty state directory under the logs (what a replacement pod on a fresh
	 * volume starts with).
	 */
	private Path emptyDir(String name) throws IOException {
		Path dir = this.logs.resolve(name + "-state");
		if (Files.exists(dir)) {
			try (var paths = Files.walk(dir)) {
				for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
					Files.delete(path);
				}
			}
		}
		return Files.createDirectories(dir);
	}

	private static ThreadFactory daemon(String name) {
		return runnable -> {
			Thread thread = new Thread(runnable, name);
			thread.setDaemon(true);
			return thread;
		};
	}

	private static double seconds(long sinceNanos) {
		return (System.nanoTime() - sinceNanos) / 1e9;
	}

	private static double round(double seconds) {
		return Math.round(seconds * 10) / 10.0;
	}

	/**
	 * @param events webhook events the sandbox dropped; @param calls the calls that lost
	 * at least one
	 */
	record Dropped(long events, Set<String> calls) {
	}

	/**
	 * What the new call-state restored: records, store partitions, the longest
	 * partition's time, and the phases of its start in seconds (null where its log did
	 * not say).
	 */
	record Restore(long records, int partitions, long longestMillis, Map<String, Object> phases) {

		/**
		 * The phases in words: "12.3 s JVM and Spring, 15.4 s waiting for the group, …".
		 */
		String summary() {
			return String.format(
					"%s s JVM and Spring, %s s waiting for the group to assign its tasks (%s s after the "
							+ "kill), %s s restoring, %s s to RUNNING",
					this.phases.get("jvm_and_spring_to_streams_start"),
					this.phases.get("waiting_for_the_group_to_assign"), this.phases.get("assigned_after_the_kill"),
					this.phases.get("restoring"), this.phases.get("to_running"));
		}

	}

}
