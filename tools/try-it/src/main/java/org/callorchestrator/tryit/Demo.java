package org.callorchestrator.tryit;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

import org.callorchestrator.schema.CallActionCommand;
import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.CallInitiateCommand;
import org.callorchestrator.schema.CallLogRecord;
import org.callorchestrator.schema.CallStatus;
import org.callorchestrator.schema.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: one outbound call through the whole system, shown as it happens — the initiate command, the worker's
 * INITIATED event, the webhook ingress's RINGING and ACCEPTED events, a TERMINATE action and its events, and the log
 * poller's call-log records down to the final one. Each step waits at most {@code --timeout} and, when it times out,
 * names the service that did not deliver (exit code 1).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
		description = "Place a call, show its events as they arrive, terminate it once answered and "
		+ "show its final call-log record: the whole system in one line. Needs the local stack's services running.")
final class Demo implements Callable<Integer> {

	private static final Set<CallStatus> ENDED = EnumSet.of(CallStatus.REJECTED, CallStatus.TERMINATED,
			CallStatus.FAILED, CallStatus.MISSED);

	@Mixin
	KafkaOptions kafka;

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

	/** What the demo has seen so far of its commands and its call. */
	private final Map<String, CallEvent> outcomes = new HashMap<>();

	private final Map<String, Set<CallStatus>> statuses = new HashMap<>();

	private final Map<String, CallLogRecord> finalLogs = new HashMap<>();

	/** Webhook events whose wacid the ingress could not map yet carry only meta_call_id. */
	private final Map<String, String> callIdsByMetaCallId = new HashMap<>();

	@Override
	public Integer call() {
		PrintWriter out = this.spec.commandLine().getOut();
		CommandOptions options = new CommandOptions();
		options.channel = this.channel;
		CallInitiateCommand initiate = PlaceCall.build(this.spec, options, this.to, null);
		Instant started = Instant.now();
		try (RecordTail tail = RecordTail.open(this.kafka, List.of(Topics.CALL_EVENTS, Topics.CALL_LOGS), false)) {
			tail.stopOnCtrlC();
			CallFilter filter = CallFilter.of(null, initiate.getCommandId());
			note("calling " + this.to + ": CallInitiateCommand command_id=" + initiate.getCommandId() + " to "
					+ Topics.CALL_INITIATE);
			CommandSender.send(this.kafka, Topics.CALL_INITIATE, initiate.getCommandId(), initiate);
			if (!step(tail, filter, () -> this.outcomes.containsKey(initiate.getCommandId()),
					"the call worker's outcome event for command_id " + initiate.getCommandId())) {
				return 1;
			}
			CallEvent initiated = this.outcomes.get(initiate.getCommandId());
			if (initiated.getStatus() != CallStatus.INITIATED) {
				note("the call worker could not place the call: " + RecordLine.fields(initiated.getError(), List.of(),
						Set.of()));
				return 1;
			}
			String callId = initiated.getCallId();
			Set<CallStatus> seen = this.statuses.computeIfAbsent(callId, id -> EnumSet.noneOf(CallStatus.class));
			if (!follow(tail, filter, this.timeout,
					() -> seen.contains(CallStatus.ACCEPTED) || seen.stream().anyMatch(ENDED::contains))) {
				note("no ACCEPTED event from the webhook ingress within " + WatchCalls.seconds(this.timeout)
						+ " s (is it running and subscribed with the sandbox?); terminating anyway");
			}
			if (seen.stream().noneMatch(ENDED::contains)) {
				if (seen.contains(CallStatus.ACCEPTED)) {
					note("answered; talking for " + WatchCalls.seconds(this.talk) + " s");
					follow(tail, filter, this.talk, () -> seen.stream().anyMatch(ENDED::contains));
				}
				if (!terminate(tail, filter, options, callId)) {
					return 1;
				}
			}
			if (!step(tail, filter, () -> this.finalLogs.containsKey(callId),
					"the log poller's final call.logs record of call " + callId)) {
				return 1;
			}
			CallLogRecord log = this.finalLogs.get(callId);
			note("done in " + WatchCalls.seconds(Duration.between(started, Instant.now())) + " s: call " + callId + " "
					+ log.getStatus() + ", duration_seconds=" + log.getDurationSeconds()
					+ "; the call.logs line above is its final record (final=true)");
			out.flush();
			return 0;
		}
	}

	private boolean terminate(RecordTail tail, CallFilter filter, CommandOptions options, String callId) {
		CallActionCommand terminate = SendAction.build(this.spec, options, callId, SendAction.Action.terminate, null);
		note("terminating: CallActionCommand action=TERMINATE command_id=" + terminate.getCommandId() + " to "
				+ Topics.CALL_ACTION);
		CommandSender.send(this.kafka, Topics.CALL_ACTION, callId, terminate);
		if (!step(tail, filter, () -> this.outcomes.containsKey(terminate.getCommandId()),
				"the call worker's outcome event for command_id " + terminate.getCommandId())) {
			return false;
		}
		CallEvent outcome = this.outcomes.get(terminate.getCommandId());
		if (outcome.getError() != null) {
			note("the call worker could not terminate the call: "
					+ RecordLine.fields(outcome.getError(), List.of(), Set.of()));
			return this.statuses.get(callId).stream().anyMatch(ENDED::contains);
		}
		return true;
	}

	/** Follows until {@code done}; false (after saying what is missing) when the timeout or Ctrl-C came first. */
	private boolean step(RecordTail tail, CallFilter filter, BooleanSupplier done, String awaited) {
		if (follow(tail, filter, this.timeout, done)) {
			return true;
		}
		note(tail.wokenUp() ? "stopped" : "no sign of " + awaited + " within " + WatchCalls.seconds(this.timeout) + " s"
				+ Failure.HINT);
		return false;
	}

	/** Prints the call's records as they arrive until {@code done} holds (true) or {@code max} passed (false). */
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
		if (value instanceof CallEvent event) {
			if (event.getCommandId() != null) {
				this.outcomes.putIfAbsent(event.getCommandId(), event);
			}
			if (event.getCallId() != null && event.getMetaCallId() != null) {
				this.callIdsByMetaCallId.put(event.getMetaCallId(), event.getCallId());
			}
			String callId = (event.getCallId() != null) ? event.getCallId()
					: this.callIdsByMetaCallId.get(event.getMetaCallId());
			if (callId != null && event.getStatus() != null) {
				this.statuses.computeIfAbsent(callId, id -> EnumSet.noneOf(CallStatus.class)).add(event.getStatus());
			}
		}
		else if (value instanceof CallLogRecord log && log.getFinal$()) {
			this.finalLogs.putIfAbsent(log.getId(), log);
		}
	}

	private void note(String text) {
		PrintWriter out = this.spec.commandLine().getOut();
		out.println("# " + text);
		out.flush();
	}

}
