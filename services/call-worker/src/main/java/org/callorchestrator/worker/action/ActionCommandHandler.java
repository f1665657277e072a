package org.callorchestrator.worker.action;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.kafka.common.header.Headers;
import org.callorchestrator.schema.CallAction;
import org.callorchestrator.schema.CallActionCommand;
import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.CommandResult;
import org.callorchestrator.vobiz.CallActionRequest;
import org.callorchestrator.vobiz.CallActionResponse;
import org.callorchestrator.vobiz.VobizCalls;
import org.callorchestrator.vobiz.VobizOutcome;
import org.callorchestrator.worker.deadletter.CommandFailure;
import org.callorchestrator.worker.deadline.CommandDeadlines;
import org.callorchestrator.worker.deadline.Deadline;
import org.callorchestrator.worker.idempotency.CommandOutcomes;
import org.callorchestrator.worker.intake.CommandKind;
import org.callorchestrator.worker.intake.Conclusion;
import org.callorchestrator.worker.metrics.WorkerMetrics;
import org.callorchestrator.worker.reconcile.OutcomeReconciler;
import org.callorchestrator.worker.reconcile.Reconciliation;
import org.callorchestrator.worker.results.CommandResults;
import org.callorchestrator.worker.retry.Pause;
import org.callorchestrator.worker.retry.AttemptPolicy;
import org.callorchestrator.worker.retry.RetryBudget;
import org.callorchestrator.worker.retry.VobizAttempts;
import org.callorchestrator.worker.retry.VobizFailures;
import org.callorchestrator.worker.validation.CommandValidator;
import org.callorchestrator.worker.validation.Violation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Applies one {@link CallActionCommand} through Vobiz. Actions of one call arrive on one
 * partition (keyed by call id) and are handled one after the other, so they apply in the
 * order they were produced.
 *
 * <p>
 * What is safe to resend after an unknown outcome: TERMINATE and REJECT are idempotent in
 * effect — resending them is harmless, and a 409 (the call already ended) after such a
 * resend means the first attempt took effect. PRE_ACCEPT and ACCEPT are not blindly
 * resent (an accept's SDP answer must match and a second accept could tear down media):
 * the call's log decides ({@link OutcomeReconciler#findAction}) — answered (or
 * pre_accepted, for a PRE_ACCEPT) means applied; a log read after the request proves the
 * call still waits for the action (or, for an ACCEPT, ended unanswered): sent once more;
 * anything else dead-letters as OUTCOME_UNKNOWN.
 *
 * <p>
 * No request leaves past the command's {@link Deadline} (for PRE_ACCEPT and ACCEPT by
 * default the ringing window after {@code requested_at}): the command then ends EXPIRED,
 * never sent. An unknown outcome is settled first, as above: an action found applied is
 * applied however late; a TERMINATE or REJECT whose resend the deadline stopped is
 * OUTCOME_UNKNOWN (the first one may have taken effect), never EXPIRED.
 *
 * <p>
 * Rate-limited and not-applied answers are waited out by the attempt loop all commands
 * share ({@link VobizAttempts}); this class is the action's {@link AttemptPolicy}.
 */
@Component
public class ActionCommandHandler implements CommandKind<CallActionCommand> {

	private static final Logger log = LoggerFactory.getLogger(ActionCommandHandler.class);

	private static final int CONFLICT = 409;

	private final VobizCalls vobiz;

	private final VobizAttempts attempts;

	private final CommandValidator validator;

	private final CommandOutcomes outcomes;

	private final OutcomeReconciler reconciler;

	private final CommandResults results;

	private final CommandDeadlines deadlines;

	private final WorkerMetrics metrics;

	public ActionCommandHandler(VobizCalls vobiz, VobizAttempts attempts, CommandValidator validator,
			CommandOutcomes outcomes, OutcomeReconciler reconciler, CommandResults results, CommandDeadlines deadlines,
			WorkerMetrics metrics) {
		this.vobiz = vobiz;
		this.attempts = attempts;
		this.validator = validator;
		this.outcomes = outcomes;
		this.reconciler = reconciler;
		this.results = results;
		this.deadlines = deadlines;
		this.metrics = metrics;
	}

	@Override
	public String name() {
		return "action";
	}

	@Override
	public Class<CallActionCommand> type() {
		return CallActionCommand.class;
	}

	@Override
	public String commandId(CallActionCommand command) {
		return command.getCommandId();
	}

	@Override
	public String callId(CallActionCommand command) {
		return command.getCallId();
	}

	@Override
	public String laneKey(CallActionCommand command) {
		String callId = command.getCallId();
		return (callId != null && !callId.isBlank()) ? "call:" + callId : "command:" + command.getCommandId();
	}

	@Override
	public List<Violation> validate(CallActionCommand command) {
		return this.validator.check(command);
	}

	@Override
	public Conclusion failed(CallActionCommand command, CommandFailure failure) {
		return new Conclusion.Failed(this.results.actionFailed(command, failure), failure);
	}

	@Override
	public CommandResult fromRecordedEvent(CallActionCommand command, CallEvent recorded, boolean succeeded) {
		return this.results.fromRecordedEvent(command, recorded, succeeded);
	}

	/** Whether resending {@code action} after an unknown outcome cannot do harm. */
	public static boolean safeToResend(CallAction action) {
		return action == CallAction.TERMINATE || action == CallAction.REJECT;
	}

	@Override
	public Deadline deadlineOf(CallActionCommand command, Headers headers) {
		return this.deadlines.of(command, headers);
	}

	@Override
	public Conclusion handle(CallActionCommand command, boolean possiblySentBefore, Deadline deadline) {
		RetryBudget budget = this.attempts.budget();
		// a PRE_ACCEPT/ACCEPT whose earlier delivery's request the call's log proved not
		// applied: this one resends it
		boolean earlierDeliveryAbsent = false;
		if (possiblySentBefore && !safeToResend(command.getAction())) {
			// reconciled even past the deadline: the action may have been applied
			Optional<Conclusion> settled = reconcile(command, budget, "an earlier delivery may have been applied");
			if (settled.isPresent()) {
				return settled.get();
			}
			earlierDeliveryAbsent = true;
		}
		if (!possiblySentBefore) {
			if (deadline.passed(this.attempts.clock().instant())) {
				return expired(command, deadline, 0);
			}
			this.outcomes.markInFlight(command.getCommandId());
		}
		CallActionRequest request = new CallActionRequest(command.getChannelId(), command.getCallId(),
				command.getAction().name().toLowerCase(Locale.ROOT), command.getSdp());
		return this.attempts.send(name(), deadline, budget, () -> this.vobiz.callAction(request, deadline.at()),
				new Answers(command, deadline, possiblySentBefore, earlierDeliveryAbsent));
	}

	/** What this action's answers mean; one per command. */
	private final class Answers implements AttemptPolicy<CallActionResponse, Conclusion> {

		private final CallActionCommand command;

		private final Deadline deadline;

		private final boolean earlierDeliveryAbsent;

		/**
		 * a TERMINATE/REJECT may have reached Vobiz before (an earlier delivery, or an
		 * unknown outcome here)
		 */
		private boolean resent;

		/**
		 * a PRE_ACCEPT/ACCEPT that met an unknown outcome here, proven not applied, and
		 * was sent once more
		 */
		private boolean resentAfterUnknown;

		Answers(CallActionCommand command, Deadline deadline, boolean possiblySentBefore,
				boolean earlierDeliveryAbsent) {
			this.command = command;
			this.deadline = deadline;
			this.resent = possiblySentBefore;
			this.earlierDeliveryAbsent = earlierDeliveryAbsent;
		}

		@Override
		public Conclusion notSent(int attempts) {
			if (this.resent && safeToResend(this.command.getAction())) {
				// a TERMINATE/REJECT resent without a look at the logs: the first one may
				// have taken effect
				ActionCommandHandler.this.metrics.unknownOutcome(name(), "unresolved");
				return failed(VobizFailures.unknown("an earlier request's outcome is unknown and the deadline "
						+ this.deadline + " passed before it could be resent", null, attempts));
			}
			return expired(this.command, this.deadline, attempts);
		}

		@Override
		public Conclusion applied(CallActionResponse response) {
			return new Conclusion.Applied(ActionCommandHandler.this.results.actionApplied(this.command));
		}

		@Override
		public Conclusion rejected(VobizOutcome.Rejected<CallActionResponse> rejected, int attempts) {
			if (this.resent && rejected.status() == CONFLICT && safeToResend(this.command.getAction())) {
				log.info("{} resent after an unknown outcome met 409: the first attempt took effect",
						this.command.getAction());
				return new Conclusion.Applied(ActionCommandHandler.this.results.actionApplied(this.command));
			}
			return failed(VobizFailures.rejected(rejected, attempts));
		}

		@Override
		public Optional<Conclusion> unknown(VobizOutcome.OutcomeUnknown<CallActionResponse> unknown,
				RetryBudget budget) {
			if (!safeToResend(this.command.getAction())) {
				// a resend after a proven absence met an unknown outcome too: no third
				// request
				Optional<Conclusion> settled = (this.earlierDeliveryAbsent || this.resentAfterUnknown)
						? Optional.of(unresolved(this.command, budget, unknown.reason()))
						: reconcile(this.command, budget, unknown.reason());
				if (settled.isEmpty()) {
					this.resentAfterUnknown = true;
					ActionCommandHandler.this.metrics.unknownOutcome(name(), "absent_resent");
				}
				return settled;
			}
			Optional<Duration> wait = budget.nextWait(null);
			if (wait.isEmpty()) {
				ActionCommandHandler.this.metrics.unknownOutcome(name(), "unresolved");
				return Optional
					.of(failed(VobizFailures.unknown(unknown.reason(), unknown.status(), budget.attempts())));
			}
			ActionCommandHandler.this.metrics.unknownOutcome(name(), "resent");
			this.resent = true;
			Pause.of(this.deadline.capped(wait.get(), ActionCommandHandler.this.attempts.clock().instant()));
			return Optional.empty();
		}

		@Override
		public Conclusion failed(CommandFailure failure) {
			return ActionCommandHandler.this.failed(this.command, failure);
		}

	}

	/** The command's deadline passed before a request could leave: never sent. */
	private Conclusion expired(CallActionCommand command, Deadline deadline, int attempts) {
		CommandFailure failure = this.deadlines.expired(name(), deadline, attempts);
		log.warn("{} of call {} expired, not sent: {}", command.getAction(), command.getCallId(), failure.message());
		return failed(command, failure);
	}

	/**
	 * Empty when the call's log proves the action not applied (it may be sent once more);
	 * else the conclusion.
	 */
	private Optional<Conclusion> reconcile(CallActionCommand command, RetryBudget budget, String reason) {
		return switch (this.reconciler.findAction(command.getCallId(), command.getAction())) {
			case Reconciliation.Found found -> {
				this.metrics.unknownOutcome(name(), "found");
				yield Optional.of(new Conclusion.Applied(this.results.actionApplied(command)));
			}
			case Reconciliation.Absent absent -> {
				log.info("{} of call {}: its log proves it not applied; sending it once more", command.getAction(),
						command.getCallId());
				yield Optional.empty();
			}
			case Reconciliation.Unreachable unreachable ->
				Optional.of(unresolved(command, budget, reason + "; " + unreachable.reason()));
		};
	}

	private Conclusion unresolved(CallActionCommand command, RetryBudget budget, String reason) {
		this.metrics.unknownOutcome(name(), "unresolved");
		return failed(command, VobizFailures.unknown(reason, null, budget.attempts()));
	}

}
