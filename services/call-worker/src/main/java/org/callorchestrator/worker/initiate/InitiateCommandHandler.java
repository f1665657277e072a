package org.callorchestrator.worker.initiate;

import java.time.Clock;
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
import org.callorchestrator.worker.retry.RetryBudget;
import org.callorchestrator.worker.retry.RetryPauses;
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
 * <li>Not applied (connect refused, 503) and rate-limited answers are retried within the {@link RetryBudget},
 * honouring Retry-After; a quota's next allowed time is waited for up to {@code worker.quota.max-park}.</li>
 * <li>Rejected answers never retry; Meta 138006 (no call permission) is a PERMISSION failure.</li>
 * <li>Outcome unknown (timeout after sending, 5xx, reset) never re-dials on a guess: the call logs are searched for
 * the command's SDP offer. Found: the command succeeded with that call. Absent for the whole reconcile window: one
 * more attempt. Unknown again, or logs unreadable: OUTCOME_UNKNOWN.</li>
 * <li>A command redelivered after its request may have left (IN_FLIGHT marker) starts with that search.</li>
 * <li>No request leaves past the command's {@link Deadline} (checked as each request leaves, after pacing, back-offs
 * and outage waits): the command then ends EXPIRED, nobody dialled. An unknown outcome is still settled from the logs
 * first — a call found is INITIATED, however late; only a call proven absent (or never sent) expires.</li>
 * </ul>
 */
@Component
public class InitiateCommandHandler implements CommandKind<CallInitiateCommand> {

	private static final Logger log = LoggerFactory.getLogger(InitiateCommandHandler.class);

	private final VobizCalls vobiz;

	private final CommandValidator validator;

	private final CommandOutcomes outcomes;

	private final OutcomeReconciler reconciler;

	private final CommandResults results;

	private final WorkerSettings settings;

	private final WorkerMetrics metrics;

	private final Clock clock;

	private final RetryPauses pauses;

	private final CommandDeadlines deadlines;

	public InitiateCommandHandler(VobizCalls vobiz, CommandValidator validator, CommandOutcomes outcomes,
			OutcomeReconciler reconciler, CommandResults results, WorkerSettings settings, WorkerMetrics metrics,
			Clock clock, RetryPauses pauses, CommandDeadlines deadlines) {
		this.deadlines = deadlines;
		this.vobiz = vobiz;
		this.validator = validator;
		this.outcomes = outcomes;
		this.reconciler = reconciler;
		this.results = results;
		this.settings = settings;
		this.metrics = metrics;
		this.clock = clock;
		this.pauses = pauses;
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
		RetryBudget budget = RetryBudget.start(this.settings.retry());
		Instant firstSent = this.clock.instant();
		// an earlier delivery's request was proven absent from the logs: this delivery's first request resends it
		boolean earlierDeliveryAbsent = false;
		// this delivery met an unknown outcome, the logs proved that request absent, and it was sent once more
		boolean resentAfterUnknown = false;
		if (possiblySentBefore) {
			// the IN_FLIGHT marker was written just before the first request: the call, if any, is newer than it.
			// Reconciled even past the deadline: the call may exist
			Instant markedAt = this.outcomes.find(command.getCommandId())
				.map(RecordedOutcome::recordedAt)
				.orElse(firstSent.minus(this.settings.idempotency().retention()));
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
		while (true) {
			// the deadline is checked as the request leaves: after the outage hold, the rate limit and the back-offs
			VobizOutcome<InitiateCallResponse> outcome = this.vobiz.initiateCall(request, deadline.at());
			if (!(outcome instanceof VobizOutcome.NotSent<InitiateCallResponse>)) {
				budget.recordAttempt();
			}
			Optional<CommandFailure> failure;
			switch (outcome) {
				case VobizOutcome.NotSent<InitiateCallResponse> notSent -> {
					// nothing of this command is pending at Vobiz: earlier requests were not applied, or proven absent
					return expired(command, deadline, budget.attempts());
				}
				case VobizOutcome.Success<InitiateCallResponse> success -> {
					InitiateCallResponse call = success.body();
					return new Conclusion.Applied(
							this.results.initiated(command, call.callId(), call.from(), call.to()));
				}
				case VobizOutcome.Rejected<InitiateCallResponse> rejected -> {
					return failed(command, VobizFailures.rejected(rejected, budget.attempts()));
				}
				case VobizOutcome.RateLimited<InitiateCallResponse> limited ->
					failure = this.pauses.afterRateLimit(name(), limited, budget, deadline);
				case VobizOutcome.NotApplied<InitiateCallResponse> notApplied ->
					failure = this.pauses.afterNotApplied(name(), notApplied, budget, deadline);
				case VobizOutcome.OutcomeUnknown<InitiateCallResponse> unknown -> {
					// settled from the logs whatever the deadline: found is INITIATED even past it
					log.warn("Outcome of initiate unknown ({}): searching the call logs", unknown.reason());
					Optional<Conclusion> reconciled = reconcile(command, firstSent, budget);
					if (reconciled.isPresent()) {
						return reconciled.get();
					}
					if (earlierDeliveryAbsent || resentAfterUnknown) {
						// a resend after a proven absence met an unknown outcome too: no third request
						this.metrics.unknownOutcome(name(), "unresolved");
						return failed(command,
								VobizFailures.unknown(unknown.reason(), unknown.status(), budget.attempts()));
					}
					resentAfterUnknown = true;
					this.metrics.unknownOutcome(name(), "absent_resent");
					failure = Optional.empty();
				}
			}
			if (failure.isPresent()) {
				return failed(command, failure.get());
			}
		}
	}

	/** The command's deadline passed before a request could leave: never dialled. */
	private Conclusion expired(CallInitiateCommand command, Deadline deadline, int attempts) {
		CommandFailure failure = this.deadlines.expired(name(), deadline, attempts);
		log.warn("Initiate expired, not dialled: {}", failure.message());
		return failed(command, failure);
	}

	/** Empty when the logs prove the call absent (the caller may send once more); else the command's result. */
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
