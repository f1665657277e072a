package org.callorchestrator.tryit;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

import org.callorchestrator.cli.KafkaOptions;
import org.callorchestrator.schema.CallActionCommand;
import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.CallInitiateCommand;
import org.callorchestrator.schema.CallLogRecord;
import org.callorchestrator.schema.CallStatus;
import org.callorchestrator.schema.CommandResult;
import org.callorchestrator.schema.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: one outbound call through the whole system, shown as it happens — the
 * initiate command and its result on {@code call.command-results}, the call's transitions
 * on {@code call.events} (INITIATED, RINGING and ACCEPTED), a TERMINATE action, its
 * result and the TERMINATED transition, the log poller's call-log records down to the
 * final one, and last call-state's snapshot of the call ({@code GET /calls/{call_id}}).
 * Each step waits at most {@code --timeout} and, when it times out, names the service
 * that did not deliver (exit code 1).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
		description = "Place a call, show its result and its transitions as they arrive, terminate it once answered, "
				+ "show its final call-log record and call-state's snapshot of it: the whole system in one line. "
				+ "Needs the local stack's services running.")
final class Demo implements Callable<Integer> {

	private static final Set<CallStatus> ENDED = EnumSet.of(CallStatus.REJECTED, CallStatus.TERMINATED,
			CallStatus.FAILED, CallStatus.MISSED);

	/**
	 * Longest wait for call-state's snapshot to show what the topics showed (it answers
	 * within milliseconds).
	 */
	private static final Duration SNAPSHOT_PATIENCE = Duration.ofSeconds(10);

	@Mixin
	KafkaOptions kafka;

	@Mixin
	CallStateClient callState;

	@Option(names = "--to", paramLabel = "E164", defaultValue = "+14155550123",
			description = "Number to call (default: ${DEFAULT-VALUE})")
	String to;

	@Option(names = "--channel", paramLabel = "UUID",
			defaultValue = "${env:VOBIZ_CHANNEL_ID:-" + CommandOptions.SANDBOX_CHANNEL + "}",
			description = "Vobiz channel_id (default: ${DEFAULT-VALUE}, the sandbox's channel; env VOBIZ_CHANNEL_ID)")
	String channel;

	@Option(names = "--talk", defaultValue = "2s", converter = DurationConverter.class, paramLabel = "DURATION",
			description = "How long the answered call lasts before the demo terminates it (default: ${DEFAULT-VALUE})")
	Duration talk;

	@Option(names = "--timeout", defaultValue = "30s", converter = DurationConverter.class, paramLabel = "DURATION",
			description = "Longest wait for each step (default: ${DEFAULT-VALUE})")
	Duration timeout;

	@Spec
	CommandSpec spec;

	/**
	 * What the demo has seen so far: its commands' results, its call's transitions and
	 * final call-log record.
	 */
	private final Map<String, CommandResult> results = new HashMap<>();

	private final List<CallEvent> transitions = new ArrayList<>();

	private CallLogRecord finalLog;

	@Override
	public Integer call() {
		CommandOptions options = new CommandOptions();
		options.channel = this.channel;
		CallInitiateCommand initiate = PlaceCall.build(this.spec, options, this.to, null);
		Instant started = Instant.now();
		List<String> topics = List.of(Topics.CALL_COMMAND_RESULTS, Topics.CALL_EVENTS, Topics.CALL_LOGS);
		try (RecordTail tail = RecordTail.open(this.kafka, topics, false)) {
			tail.stopOnCtrlC();
			CallFilter filter = CallFilter.of(null, initiate.getCommandId());
			note("calling " + this.to + ": CallInitiateCommand command_id=" + initiate.getCommandId() + " to "
					+ Topics.CALL_INITIATE);
			CommandSender.send(this.kafka, Topics.CALL_INITIATE, initiate.getCommandId(), initiate);
			if (!step(tail, filter, () -> this.results.containsKey(initiate.getCommandId()),
					"the call worker's result for command_id " + initiate.getCommandId() + " on "
							+ Topics.CALL_COMMAND_RESULTS)) {
				return 1;
			}
			CommandResult initiated = this.results.get(initiate.getCommandId());
			if (!initiated.getSucceeded()) {
				note("the call worker could not place the call: "
						+ RecordLine.fields(initiated.getError(), List.of(), Set.of()));
				return 1;
			}
			String callId = initiated.getCallId();
			if (!follow(tail, filter, this.timeout, () -> reached(CallStatus.ACCEPTED) || ended())) {
				note("no ACCEPTED transition within " + WatchCalls.seconds(this.timeout) + " s (are the webhook "
						+ "ingress, subscribed with the sandbox, and call-state running?); terminating anyway");
			}
			if (!ended()) {
				if (reached(CallStatus.ACCEPTED)) {
					note("answered; talking for " + WatchCalls.seconds(this.talk) + " s");
					follow(tail, filter, this.talk, this::ended);
				}
				if (!terminate(tail, filter, options, callId)) {
					return 1;
				}
			}
			if (!step(tail, filter, this::ended,
					"call " + callId + "'s final transition from call-state on " + Topics.CALL_EVENTS)) {
				return 1;
			}
			if (!step(tail, filter, () -> this.finalLog != null,
					"the log poller's final " + Topics.CALL_LOGS + " record of call " + callId)) {
				return 1;
			}
			CallEvent last = this.transitions.get(this.transitions.size() - 1);
			Duration patience = (this.timeout.compareTo(SNAPSHOT_PATIENCE) < 0) ? this.timeout : SNAPSHOT_PATIENCE;
			String snapshot = this.callState.snapshot(callId, last.getStatus(), last.getSequence(),
					this.finalLog.getDurationSeconds() != null, patience);
			note("done in " + WatchCalls.seconds(Duration.between(started, Instant.now())) + " s: call " + callId + " "
					+ transitionPath() + "; its final call-log record (above, final=true): " + this.finalLog.getStatus()
					+ ", duration_seconds=" + this.finalLog.getDurationSeconds());
			note("call-state's snapshot of the call: GET " + this.callState.callUrl(callId));
			PrintWriter out = this.spec.commandLine().getOut();
			out.println(snapshot);
			out.flush();
			return 0;
		}
	}

	private boolean terminate(RecordTail tail, CallFilter filter, CommandOptions options, String callId) {
		CallActionCommand terminate = SendAction.build(this.spec, options, callId, SendAction.Action.terminate, null);
		filter.watchCommand(terminate.getCommandId());
		note("terminating: CallActionCommand action=TERMINATE command_id=" + terminate.getCommandId() + " to "
				+ Topics.CALL_ACTION);
		CommandSender.send(this.kafka, Topics.CALL_ACTION, callId, terminate);
		if (!step(tail, filter, () -> this.results.containsKey(terminate.getCommandId()),
				"the call worker's result for command_id " + terminate.getCommandId() + " on "
						+ Topics.CALL_COMMAND_RESULTS)) {
			return false;
		}
		CommandResult result = this.results.get(terminate.getCommandId());
		if (!result.getSucceeded()) {
			note("the call worker could not terminate the call: "
					+ RecordLine.fields(result.getError(), List.of(), Set.of()));
			return ended();
		}
		return true;
	}

	private boolean reached(CallStatus status) {
		return this.transitions.stream().anyMatch(t -> t.getStatus() == status);
	}

	private boolean ended() {
		return this.transitions.stream().anyMatch(t -> ENDED.contains(t.getStatus()));
	}

	/** {@code INITIATED → RINGING → ACCEPTED → TERMINATED}. */
	private String transitionPath() {
		return String.join(" → ", this.transitions.stream().map(t -> String.valueOf(t.getStatus())).toList());
	}

	/**
	 * Follows until {@code done}; false (after saying what is missing) when the timeout
	 * or Ctrl-C came first.
	 */
	private boolean step(RecordTail tail, CallFilter filter, BooleanSupplier done, String awaited) {
		if (follow(tail, filter, this.timeout, done)) {
			return true;
		}
		note(tail.wokenUp() ? "stopped"
				: "no sign of " + awaited + " within " + WatchCalls.seconds(this.timeout) + " s" + Failure.HINT);
		return false;
	}

	/**
	 * Prints the call's records as they arrive until {@code done} holds (true) or
	 * {@code max} passed (false).
	 */
	private boolean follow(RecordTail tail, CallFilter filter, Duration max, BooleanSupplier done) {
		if (done.getAsBoolean()) {
			return true;
		}
		PrintWriter out = this.spec.commandLine().getOut();
		return tail.follow(Instant.now().plus(max), read -> {
			for (RecordTail.Observed observed : filter.admit(read)) {
				out.println(RecordLine.of(observed));
				remember(observed.value());
			}
			out.flush();
			return done.getAsBoolean();
		});
	}

	private void remember(Object value) {
		if (value instanceof CommandResult result) {
			this.results.putIfAbsent(result.getCommandId(), result);
		}
		else if (value instanceof CallEvent event) {
			this.transitions.add(event);
		}
		else if (value instanceof CallLogRecord log && log.getFinal$() && this.finalLog == null) {
			this.finalLog = log;
		}
	}

	private void note(String text) {
		PrintWriter out = this.spec.commandLine().getOut();
		out.println("# " + text);
		out.flush();
	}

}
