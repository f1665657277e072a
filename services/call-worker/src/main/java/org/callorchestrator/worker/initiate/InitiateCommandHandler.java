package org.callorchestrator.worker.initiate;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.common.header.Headers;
import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.CallInitiateCommand;
import org.callorchestrator.schema.CommandResult;
import org.callorchestrator.vobiz.InitiateCallRequest;
import org.callorchestrator.vobiz.InitiateCallResponse;
import org.callorchestrator.vobiz.VobizCalls;
import org.callorchestrator.vobiz.VobizOutcome;
import org.callorchestrator.worker.WorkerSettings;
import org.callorchestrator.worker.deadletter.CommandFailure;
import org.callorchestrator.worker.deadline.CommandDeadlines;
import org.callorchestrator.worker.deadline.Deadline;
import org.callorchestrator.worker.idempotency.CommandOutcomes;
import org.callorchestrator.worker.idempotency.RecordedOutcome;
import org.callorchestrator.worker.intake.CommandKind;
import org.callorchestrator.worker.intake.Conclusion;
import org.callorchestrator.worker.metrics.WorkerMetrics;
import org.callorchestrator.worker.reconcile.OutcomeReconciler;
import org.callorchestrator.worker.reconcile.Reconciliation;
import org.callorchestrator.worker.results.CommandResults;
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
 * Places one outbound call per {@link CallInitiateCommand}.
 *
 * <ul>
 * <li>Not applied (connect refused, 503) and rate-limited answers are retried within the
 * {@link RetryBudget}, honouring Retry-After; a quota's next allowed time is waited for
 * up to {@code worker.quota.max-park} (the attempt loop all commands share,
 * {@link VobizAttempts}; this class is the initiate's {@link AttemptPolicy}).</li>
 * <li>Rejected answers never retry; Meta 138006 (no call permission) is a PERMISSION
 * failure.</li>
 * <li>Outcome unknown (timeout after sending, 5xx, reset) never re-dials on a guess: the
 * call logs are searched for the command's SDP offer. Found: the command succeeded with
 * that call. Absent for the whole reconcile window: one more attempt. Unknown again, or
 * logs unreadable: OUTCOME_UNKNOWN.</li>
 * <li>A command redelivered after its request may have left (IN_FLIGHT marker) starts
 * with that search.</li>
 * <li>No request leaves past the command's {@link Deadline} (checked as each request
 * leaves, after pacing, back-offs and outage waits): the command then ends EXPIRED,
 * nobody dialled. An unknown outcome is still settled from the logs first — a call found
 * is INITIATED, however late; only a call proven absent (or never sent) expires.</li>
 * </ul>
 */
@Component
public class InitiateCommandHandler implements CommandKind<CallInitiateCommand> {

	private static final Logger log = LoggerFactory.getLogger(InitiateCommandHandler.class);

	private final VobizCalls vobiz;

	private final VobizAttempts attempts;

	private final CommandValidator validator;

	private final CommandOutcomes outcomes;

	private final OutcomeReconciler reconciler;

	private final CommandResults results;

	private final CommandDeadlines deadlines;

	private final WorkerMetrics metrics;

	private final WorkerSettings.Idempotency idempotency;

	public InitiateCommandHandler(VobizCalls vobiz, VobizAttempts attempts, CommandValidator validator,
			CommandOutcomes outcomes, OutcomeReconciler reconciler, CommandResults results, CommandDeadlines deadlines,
			WorkerMetrics metrics, WorkerSettings settings) {
		this.vobiz = vobiz;
		this.attempts = attempts;
		this.validator = validator;
		this.outcomes = outcomes;
		this.reconciler = reconciler;
		this.results = results;
		this.deadlines = deadlines;
		this.metrics = metrics;
		this.idempotency = settings.idempotency();
	}

	@Override
	public String name() {
		return "initiate";
	}

	@Override
	public Class<CallInitiateCommand> type() {
		return CallInitiateCommand.class;
	}

	@Override
	public String commandId(CallInitiateCommand command) {
		return command.getCommandId();
	}

	@Override
	public String callId(CallInitiateCommand command) {
		return null;
	}

	@Override
	public String laneKey(CallInitiateCommand command) {
		return "command:" + command.getCommandId();
	}

	@Override
	public List<Violation> validate(CallInitiateCommand command) {
		return this.validator.check(command);
	}

	@Override
	public Conclusion failed(CallInitiateCommand command, CommandFailure failure) {
		return new Conclusion.Failed(this.results.initiateFailed(command, failure), failure);
	}

	@Override
	public CommandResult fromRecordedEvent(CallInitiateCommand command, CallEvent recorded, boolean succeeded) {
		return this.results.fromRecordedEvent(command, recorded, succeeded);
	}

	@Override
	public Deadline deadlineOf(CallInitiateCommand command, Headers headers) {
		return this.deadlines.of(command, headers);
	}

	@Override
	public Conclusion handle(CallInitiateCommand command, boolean possiblySentBefore, Deadline deadline) {
		RetryBudget budget = this.attempts.budget();
		Instant firstSent = this.attempts.clock().instant();
		// an earlier delivery's request was proven absent from the logs: this delivery's
		// first request resends it
		boolean earlierDeliveryAbsent = false;
		if (possiblySentBefore) {
			// the IN_FLIGHT marker was written just before the first request: the call,
			// if any, is newer than it.
			// Reconciled even past the deadline: the call may exist
			Instant markedAt = this.outcomes.find(command.getCommandId())
				.map(RecordedOutcome::recordedAt)
				.orElse(firstSent.minus(this.idempotency.retention()));
			Optional<Conclusion> reconciled = reconcile(command, markedAt, budget);
			if (reconciled.isPresent()) {
				return reconciled.get();
			}
			earlierDeliveryAbsent = true;
		}
		else if (deadline.passed(firstSent)) {
			return expired(command, deadline, 0);
		}
		else {
			this.outcomes.markInFlight(command.getCommandId());
		}
		InitiateCallRequest request = new InitiateCallRequest(command.getChannelId(), command.getTo(),
				command.getSdpOffer());
		return this.attempts.send(name(), deadline, budget, () -> this.vobiz.initiateCall(request, deadline.at()),
				new Answers(command, deadline, firstSent, earlierDeliveryAbsent));
	}

	/** What this initiate's answers mean; one per command. */
	private final class Answers implements AttemptPolicy<InitiateCallResponse, Conclusion> {

		private final CallInitiateCommand command;

		private final Deadline deadline;

		private final Instant firstSent;

		private final boolean earlierDeliveryAbsent;

		/**
		 * this delivery met an unknown outcome, the logs proved that request absent, and
		 * it was sent once more
		 */
		private boolean resentAfterUnknown;

		Answers(CallInitiateCommand command, Deadline deadline, Instant firstSent, boolean earlierDeliveryAbsent) {
			this.command = command;
			this.deadline = deadline;
			this.firstSent = firstSent;
			this.earlierDeliveryAbsent = earlierDeliveryAbsent;
		}

		@Override
		public Conclusion notSent(int attempts) {
			// nothing of this command is pending at Vobiz: earlier requests were not
			// applied, or proven absent
			return expired(this.command, this.deadline, attempts);
		}

		@Override
		public Conclusion applied(InitiateCallResponse call) {
			return new Conclusion.Applied(
					InitiateCommandHandler.this.results.initiated(this.command, call.callId(), call.from(), call.to()));
		}

		@Override
		public Conclusion rejected(VobizOutcome.Rejected<InitiateCallResponse> rejected, int attempts) {
			return failed(VobizFailures.rejected(rejected, attempts));
		}

		@Override
		public Optional<Conclusion> unknown(VobizOutcome.OutcomeUnknown<InitiateCallResponse> unknown,
				RetryBudget budget) {
			// settled from the logs whatever the deadline: found is INITIATED even past
			// it
			log.warn("Outcome of initiate unknown ({}): searching the call logs", unknown.reason());
			Optional<Conclusion> reconciled = reconcile(this.command, this.firstSent, budget);
			if (reconciled.isPresent()) {
				return reconciled;
			}
			if (this.earlierDeliveryAbsent || this.resentAfterUnknown) {
				// a resend after a proven absence met an unknown outcome too: no third
				// request
				InitiateCommandHandler.this.metrics.unknownOutcome(name(), "unresolved");
				return Optional
					.of(failed(VobizFailures.unknown(unknown.reason(), unknown.status(), budget.attempts())));
			}
			this.resentAfterUnknown = true;
			InitiateCommandHandler.this.metrics.unknownOutcome(name(), "absent_resent");
			return Optional.empty();
		}

		@Override
		public Conclusion failed(CommandFailure failure) {
			return InitiateCommandHandler.this.failed(this.command, failure);
		}

	}

	/** The command's deadline passed before a request could leave: never dialled. */
	private Conclusion expired(CallInitiateCommand command, Deadline deadline, int attempts) {
		CommandFailure failure = this.deadlines.expired(name(), deadline, attempts);
		log.warn("Initiate expired, not dialled: {}", failure.message());
		return failed(command, failure);
	}

	/**
	 * Empty when the logs prove the call absent (the caller may send once more); else the
	 * command's result.
	 */
	private Optional<Conclusion> reconcile(CallInitiateCommand command, Instant sentAfter, RetryBudget budget) {
		Reconciliation found = this.reconciler.findInitiated(command.getChannelId(), command.getTo(),
				command.getSdpOffer(), sentAfter);
		return switch (found) {
			case Reconciliation.Found hit -> {
				this.metrics.unknownOutcome(name(), "found");
				log.info("Call {} found in the logs for this command: not dialling again", hit.callId());
				yield Optional.of(new Conclusion.Applied(
						this.results.initiated(command, hit.callId(), hit.fromNumber(), hit.toNumber())));
			}
			case Reconciliation.Unreachable unreachable -> {
				this.metrics.unknownOutcome(name(), "unresolved");
				yield Optional.of(failed(command, VobizFailures.unknown(
						"call logs unreadable while reconciling: " + unreachable.reason(), null, budget.attempts())));
			}
			case Reconciliation.Absent absent -> Optional.empty();
		};
	}

}
