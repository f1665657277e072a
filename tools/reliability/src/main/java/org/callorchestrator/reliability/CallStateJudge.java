package org.callorchestrator.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.callorchestrator.bench.ChildProcess;
import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.CallLogRecord;
import org.callorchestrator.schema.CallState;
import org.callorchestrator.schema.CallStatus;
import org.callorchestrator.schema.CommandResult;
import org.callorchestrator.schema.Topics;
import org.callorchestrator.serde.SchemaRegistryAvroDeserializer;

/**
 * Judges what call-state made of a scenario's calls against Vobiz (the sandbox): waits
 * until the sandbox holds every call in a final status and {@code call.events} has caught
 * up, then reads {@code call.events}, {@code call.state} and call-state's three inputs
 * from their beginning: every call's transitions exactly once (no status twice), sequence
 * 1..n without a gap, each previous status the status before it (null for the first),
 * nothing after a terminal status; its last {@code call.state} snapshot, its last
 * transition and {@code GET /calls/{id}} all equal the sandbox's final status. Shared by
 * {@code call-state-crash} and {@code broker-cluster}.
 */
final class CallStateJudge {

	static final Set<String> FINAL = Set.of("rejected", "terminated", "failed", "missed");

	private static final Set<CallStatus> TERMINAL = Set.of(CallStatus.REJECTED, CallStatus.TERMINATED,
			CallStatus.FAILED, CallStatus.MISSED);

	private final String scenario;

	private final String bootstrap;

	private final String sandbox;

	private final int callStatePort;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final ObjectMapper json = new ObjectMapper();

	private final SchemaRegistryAvroDeserializer avro = new SchemaRegistryAvroDeserializer();

	/**
	 * @param scenario the scenario's name, for progress lines
	 * @param bootstrap the Kafka cluster call-state runs against
	 * @param registry the schema registry's Confluent-compatible URL
	 * @param sandbox the sandbox's base URL
	 * @param callStatePort call-state's HTTP port ({@code GET /calls/{id}})
	 */
	CallStateJudge(String scenario, String bootstrap, String registry, String sandbox, int callStatePort) {
		this.scenario = scenario;
		this.bootstrap = bootstrap;
		this.sandbox = sandbox;
		this.callStatePort = callStatePort;
		this.avro.configure(Map.of("schema.registry.url", registry, "specific.avro.reader", true), false);
	}

	/**
	 * Waits until the sandbox holds every call in a final status (at most
	 * {@code timeout}); returns them all.
	 */
	Map<String, SandboxCall> awaitFinal(Supplier<Set<String>> calls, Duration timeout) throws Exception {
		Map<String, SandboxCall> known = new HashMap<>();
		long deadline = System.nanoTime() + timeout.toNanos();
		long lastReport = System.nanoTime();
		while (true) {
			for (String id : calls.get()) {
				SandboxCall call = known.get(id);
				if (call == null || !FINAL.contains(call.status())) {
					known.put(id, sandboxCall(id));
				}
			}
			long open = known.values().stream().filter(c -> !FINAL.contains(c.status())).count();
			if (open == 0 || System.nanoTime() > deadline) {
				return known;
			}
			if (System.nanoTime() - lastReport > 10_000_000_000L) {
				ReliabilitySuite.say("%s: %,d of %,d calls final in the sandbox", this.scenario, known.size() - open,
						known.size());
				lastReport = System.nanoTime();
			}
			ChildProcess.sleep(Duration.ofSeconds(1));
		}
	}

	/**
	 * Waits until every call's latest transition on {@code call.events} is its final
	 * status in the sandbox (at most {@code timeout}).
	 */
	void awaitCaughtUp(TransitionWatcher live, Map<String, SandboxCall> sandboxCalls, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		long lastReport = System.nanoTime();
		while (System.nanoTime() < deadline) {
			long behind = sandboxCalls.values()
				.stream()
				.filter(c -> !c.expected().equals(live.lastStatus(c.id())))
				.count();
			if (behind == 0) {
				break;
			}
			if (System.nanoTime() - lastReport > 10_000_000_000L) {
				ReliabilitySuite.say("%s: %,d of %,d calls not yet at their final status on call.events", this.scenario,
						behind, sandboxCalls.size());
				lastReport = System.nanoTime();
			}
			ChildProcess.sleep(Duration.ofMillis(200));
		}
	}

	/**
	 * A record's value decoded through the registry; null for a tombstone and for a
	 * record no schema decodes (the poison scenario's), which a consumer team skips too.
	 */
	private Object decode(ConsumerRecord<String, byte[]> record) {
		if (record.value() == null) {
			return null;
		}
		try {
			return this.avro.deserialize(record.topic(), record.value());
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/**
	 * Reads call.events, call.state and the three inputs from their beginning and judges
	 * every call.
	 */
	Verdict verdict(Map<String, SandboxCall> sandboxCalls) throws Exception {
		Set<String> ids = sandboxCalls.keySet();
		Map<String, String> callOfWacid = new HashMap<>();
		sandboxCalls.values().forEach(c -> callOfWacid.put(c.metaCallId(), c.id()));
		Map<String, List<Seen>> transitions = new HashMap<>();
		Map<String, CallState> snapshots = new HashMap<>();
		long[] inputs = new long[3];
		Duration scan = Duration.ofMinutes(2);
		TopicScan.readCommitted(this.bootstrap, List.of(Topics.CALL_EVENTS), scan, record -> {
			CallEvent event = (decode(record) instanceof CallEvent e) ? e : null;
			String callId = (event != null) ? event.getCallId() : null;
			if (callId != null && ids.contains(callId)) {
				transitions.computeIfAbsent(callId, id -> new ArrayList<>())
					.add(new Seen(event, record.key(), record.partition(), record.offset()));
			}
		});
		TopicScan.readCommitted(this.bootstrap, List.of(Topics.CALL_STATE), scan, record -> {
			if (record.key() != null && ids.contains(record.key())) {
				snapshots.put(record.key(), (decode(record) instanceof CallState state) ? state : null);
			}
		});
		TopicScan.readCommitted(this.bootstrap, List.of(Topics.CALL_COMMAND_RESULTS), scan, record -> {
			CommandResult result = (decode(record) instanceof CommandResult r) ? r : null;
			if (result != null && result.getCallId() != null && ids.contains(result.getCallId())) {
				inputs[0]++;
			}
		});
		TopicScan.readCommitted(this.bootstrap, List.of(Topics.WEBHOOK_OBSERVATIONS), scan, record -> {
			CallEvent observation = (decode(record) instanceof CallEvent e) ? e : null;
			if (observation != null && ((observation.getCallId() != null && ids.contains(observation.getCallId()))
					|| (observation.getCallId() == null && callOfWacid.containsKey(observation.getMetaCallId())))) {
				inputs[1]++;
			}
		});
		TopicScan.readCommitted(this.bootstrap, List.of(Topics.CALL_LOGS), scan, record -> {
			if (record.key() != null && ids.contains(record.key()) && record.value() != null) {
				CallLogRecord row = (decode(record) instanceof CallLogRecord r) ? r : null;
				inputs[2] += (row != null) ? 1 : 0;
			}
		});

		Verdict verdict = new Verdict(new ArrayList<>(ids), inputs[0], inputs[1], inputs[2]);
		for (SandboxCall call : sandboxCalls.values()) {
			List<Seen> seen = new ArrayList<>(transitions.getOrDefault(call.id(), List.of()));
			seen.sort(Comparator.comparingInt(Seen::partition).thenComparingLong(Seen::offset));
			List<CallStatus> path = seen.stream().map(s -> s.event().getStatus()).toList();
			verdict.count(call, seen, path, snapshots.get(call.id()), httpStatus(call.id()));
		}
		return verdict;
	}

	private String httpStatus(String callId) {
		try {
			HttpResponse<String> response = this.http
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.callStatePort + "/calls/" + callId))
					.timeout(Duration.ofSeconds(5))
					.build(), HttpResponse.BodyHandlers.ofString());
			return (response.statusCode() == 200) ? this.json.readTree(response.body()).path("status").asText()
					: "HTTP " + response.statusCode();
		}
		catch (IOException ex) {
			return "unreachable";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	SandboxCall sandboxCall(String id) throws Exception {
		HttpResponse<String> response = this.http
			.send(HttpRequest.newBuilder(URI.create(this.sandbox + "/sandbox/calls/" + id))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
		JsonNode call = this.json.readTree(response.body());
		return new SandboxCall(id, call.path("status").asText("unknown"), call.path("meta_call_id").asText(null));
	}

	/**
	 * A call as the sandbox holds it.
	 *
	 * @param id its call id
	 * @param status Vobiz's lower-case status
	 * @param metaCallId its wacid
	 */
	record SandboxCall(String id, String status, String metaCallId) {

		/**
		 * The contract's status for Vobiz's (initiated → INITIATED, …, missed → MISSED).
		 */
		String expected() {
			return this.status.toUpperCase(Locale.ROOT);
		}

	}

	/** A transition as read back, with where it was. */
	record Seen(CallEvent event, String key, int partition, long offset) {
	}

	/** The judgement of every call. */
	static final class Verdict {

		private final List<String> calls;

		private final long inputResults;

		private final long inputObservations;

		private final long inputLogRows;

		private long transitions;

		private final Set<String> duplicate = new HashSet<>();

		private final Set<String> gap = new HashSet<>();

		private final Set<String> wrongPrevious = new HashSet<>();

		private final Set<String> afterTerminal = new HashSet<>();

		private final Set<String> none = new HashSet<>();

		private final Set<String> snapshotMismatch = new HashSet<>();

		private final Set<String> httpMismatch = new HashSet<>();

		private final Set<String> mismatched = new HashSet<>();

		private final Map<String, Long> bySource = new TreeMap<>();

		private final Map<String, Long> finalStatuses = new TreeMap<>();

		private final List<String> examples = new ArrayList<>();

		Verdict(List<String> calls, long inputResults, long inputObservations, long inputLogRows) {
			this.calls = calls;
			this.inputResults = inputResults;
			this.inputObservations = inputObservations;
			this.inputLogRows = inputLogRows;
		}

		void count(SandboxCall call, List<Seen> seen, List<CallStatus> path, CallState snapshot, String http) {
			String id = call.id();
			this.transitions += seen.size();
			this.finalStatuses.merge(call.expected(), 1L, Long::sum);
			seen.forEach(s -> this.bySource.merge(String.valueOf(s.event().getSource()), 1L, Long::sum));
			if (seen.isEmpty()) {
				this.none.add(id);
			}
			if (new HashSet<>(path).size() != path.size()) {
				this.duplicate.add(id);
			}
			for (int i = 0; i < seen.size(); i++) {
				CallEvent event = seen.get(i).event();
				if (event.getSequence() != i + 1 || seen.get(i).partition() != seen.get(0).partition()
						|| !id.equals(seen.get(i).key())) {
					this.gap.add(id);
				}
				if (!Objects.equals(event.getPreviousStatus(), (i == 0) ? null : path.get(i - 1))) {
					this.wrongPrevious.add(id);
				}
				if (i < seen.size() - 1 && TERMINAL.contains(path.get(i))) {
					this.afterTerminal.add(id);
				}
			}
			String expected = call.expected();
			boolean lastWrong = path.isEmpty() || !expected.equals(path.get(path.size() - 1).name());
			boolean snapshotWrong = snapshot == null || !expected.equals(snapshot.getStatus().name())
					|| snapshot.getSequence() != path.size() || !snapshot.getPath().equals(path);
			boolean httpWrong = !expected.equals(http);
			if (snapshotWrong) {
				this.snapshotMismatch.add(id);
			}
			if (httpWrong) {
				this.httpMismatch.add(id);
			}
			if (lastWrong || snapshotWrong || httpWrong) {
				this.mismatched.add(id);
			}
			boolean wrong = this.duplicate.contains(id) || this.gap.contains(id) || this.wrongPrevious.contains(id)
					|| this.afterTerminal.contains(id) || this.mismatched.contains(id);
			if (wrong && this.examples.size() < 10) {
				this.examples.add(id + " (Vobiz " + call.status() + "): "
						+ seen.stream()
							.map(s -> s.event().getSequence() + ":" + s.event().getPreviousStatus() + "->"
									+ s.event().getStatus() + "/" + s.event().getSource())
							.toList()
						+ ", snapshot "
						+ ((snapshot != null) ? snapshot.getStatus() + "#" + snapshot.getSequence() : "none") + ", GET "
						+ http);
			}
		}

		/**
		 * Calls with a status twice, a gap, a wrong previous status or a transition after
		 * a terminal one.
		 */
		long wrong() {
			Set<String> wrong = new HashSet<>(this.duplicate);
			wrong.addAll(this.gap);
			wrong.addAll(this.wrongPrevious);
			wrong.addAll(this.afterTerminal);
			return wrong.size();
		}

		List<String> calls() {
			return this.calls;
		}

		long inputResults() {
			return this.inputResults;
		}

		long inputObservations() {
			return this.inputObservations;
		}

		long inputLogRows() {
			return this.inputLogRows;
		}

		long transitions() {
			return this.transitions;
		}

		Set<String> duplicate() {
			return this.duplicate;
		}

		Set<String> gap() {
			return this.gap;
		}

		Set<String> wrongPrevious() {
			return this.wrongPrevious;
		}

		Set<String> afterTerminal() {
			return this.afterTerminal;
		}

		Set<String> none() {
			return this.none;
		}

		Set<String> snapshotMismatch() {
			return this.snapshotMismatch;
		}

		Set<String> httpMismatch() {
			return this.httpMismatch;
		}

		Set<String> mismatched() {
			return this.mismatched;
		}

		Map<String, Long> bySource() {
			return this.bySource;
		}

		Map<String, Long> finalStatuses() {
			return this.finalStatuses;
		}

		List<String> examples() {
			return this.examples;
		}

	}

}
