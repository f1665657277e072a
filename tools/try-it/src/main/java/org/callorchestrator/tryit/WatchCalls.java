package org.callorchestrator.tryit;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import org.callorchestrator.cli.KafkaOptions;
import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.CallStatus;
import org.callorchestrator.schema.CommandResult;
import org.callorchestrator.schema.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code watch}: {@code call.events} (and {@code call.logs}) one decoded line per record
 * on stdout, filtered to one call, until the timeout, an awaited status or Ctrl-C. With
 * {@code --command-id} it also reads {@code call.command-results}: the command's one
 * result names its call, whose transitions follow; an initiate that failed before Vobiz
 * created a call names none, and the watch ends at its result. Exit code 0 when something
 * was shown (or the awaited status was), 1 otherwise — like grep.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
		description = "Print call.events (the calls' transitions: previous → status #sequence), with --command-id "
				+ "also the command's result on call.command-results, and call.logs with --logs, as they arrive, one "
				+ "line per record, decoded. Exit code 0 when a record matched (with --until: when the status came), "
				+ "1 otherwise.")
final class WatchCalls implements Callable<Integer> {

	@Mixin
	KafkaOptions kafka;

	@Option(names = "--call-id", paramLabel = "ID", description = "Only records of this call_id")
	String callId;

	@Option(names = "--command-id", paramLabel = "ID",
			description = "Only the result of this command_id (on call.command-results) and, once it names its call, "
					+ "that call's records")
	String commandId;

	@Option(names = "--logs", description = "Also show call.logs (the log poller's call-log records)")
	boolean logs;

	@Option(names = "--from-beginning", description = "Start at the topics' beginning instead of their end")
	boolean fromBeginning;

	@Option(names = "--timeout", defaultValue = "30s", converter = DurationConverter.class, paramLabel = "DURATION",
			description = "Stop after this long, e.g. 30s, 2m (default: ${DEFAULT-VALUE}; 0: until Ctrl-C)")
	Duration timeout;

	@Option(names = "--until", split = ",", paramLabel = "STATUS",
			description = "Stop as soon as a shown transition reaches one of these statuses, e.g. TERMINATED,FAILED")
	Set<CallStatus> until = EnumSet.noneOf(CallStatus.class);

	@Spec
	CommandSpec spec;

	@Override
	public Integer call() {
		PrintWriter out = this.spec.commandLine().getOut();
		PrintWriter err = this.spec.commandLine().getErr();
		CallFilter filter = CallFilter.of(this.callId, this.commandId);
		List<String> topics = new ArrayList<>();
		if (this.commandId != null) {
			topics.add(Topics.CALL_COMMAND_RESULTS);
		}
		topics.add(Topics.CALL_EVENTS);
		if (this.logs) {
			topics.add(Topics.CALL_LOGS);
		}
		Instant started = Instant.now();
		Instant deadline = this.timeout.isZero() ? null : started.plus(this.timeout);
		int[] shown = { 0 };
		boolean[] nothingToFollow = { false };
		boolean reached;
		try (RecordTail tail = RecordTail.open(this.kafka, topics, this.fromBeginning)) {
			tail.stopOnCtrlC();
			err.printf("watching %s from the %s for %s (%s; Ctrl-C to stop)%n", and(topics),
					this.fromBeginning ? "beginning" : "end", filter.describe(),
					(deadline != null) ? "until " + seconds(this.timeout) + " s have passed" : "no timeout");
			reached = tail.follow(deadline, read -> {
				boolean done = false;
				for (RecordTail.Observed observed : filter.admit(read)) {
					out.println(RecordLine.of(observed));
					shown[0]++;
					done |= observed.value() instanceof CallEvent event && this.until.contains(event.getStatus());
					if (observed.value() instanceof CommandResult result && result.getCallId() == null
							&& this.callId == null) {
						nothingToFollow[0] = true;
					}
				}
				out.flush();
				return done || nothingToFollow[0];
			});
			String why = nothingToFollow[0] ? "the command failed before a call existed: no call to follow"
					: reached ? "--until " + this.until + " reached" : tail.wokenUp() ? "stopped" : "timeout";
			err.printf("%d record%s shown in %s s (%s)%n", shown[0], (shown[0] == 1) ? "" : "s",
					seconds(Duration.between(started, Instant.now())), why);
			if (shown[0] == 0 && this.commandId != null && !this.fromBeginning) {
				err.println("no result of command_id " + this.commandId + " arrived; if it was sent before this watch "
						+ "started, add --from-beginning");
			}
		}
		boolean found = this.until.isEmpty() ? shown[0] > 0 : reached && !nothingToFollow[0];
		return found ? 0 : 1;
	}

	/** {@code a}, {@code a and b}, {@code a, b and c}. */
	static String and(List<String> items) {
		if (items.size() <= 1) {
			return String.join("", items);
		}
		return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
	}

	static String seconds(Duration duration) {
		return String.format("%.1f", duration.toMillis() / 1000.0);
	}

}
