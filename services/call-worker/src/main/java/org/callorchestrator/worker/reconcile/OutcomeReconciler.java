package org.callorchestrator.worker.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.callorchestrator.schema.CallAction;
import org.callorchestrator.vobiz.CallLog;
import org.callorchestrator.vobiz.CallLogPage;
import org.callorchestrator.vobiz.CallLogsQuery;
import org.callorchestrator.vobiz.VobizClient;
import org.callorchestrator.vobiz.VobizOutcome;
import org.callorchestrator.worker.WorkerSettings;
import org.callorchestrator.worker.retry.Pause;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles a request whose outcome was unknown from Vobiz's call logs.
 *
 * <p>
 * <b>From the index</b> ({@code worker.reconcile.use-index}, the default):
 * {@link CallLogIndex} holds the rows the log poller mirrored into {@code call.logs}. An
 * initiate is present when a row has its SDP offer (unique per intended call), channel
 * and callee; an action's effect is read from its call's row. "Absent" needs proof: a
 * complete scan of the poller that started at least {@code worker.reconcile.window}
 * (Vobiz's log lag) plus {@code worker.reconcile.clock-skew} after this search began,
 * fully read. Every reconciliation waits on the same scans, so a crash with hundreds of
 * commands in flight costs no extra request to Vobiz. When the index cannot answer within
 * {@code worker.reconcile.index-wait} (poller down or lagging:
 * {@code callworker_reconcile_proof_age_seconds}), or the request is older than
 * {@code worker.reconcile.index-retention}, the logs are searched directly.
 *
 * <p>
 * <b>Directly</b>: newest first, every {@code worker.reconcile.poll-interval} until the
 * window has passed, each look reading at most {@code worker.reconcile.max-pages} pages;
 * an initiate's search stops at calls created before the request (minus a minute of clock
 * skew), an action's at calls older than {@code worker.reconcile.max-call-age}, among
 * calls of the right direction only. Absence is proven only by reading back that far;
 * else the outcome stays unknown.
 *
 * <p>
 * Meter: {@code callworker.reconcile.lookups{kind,source,result}} (source index or logs;
 * result found, absent or unproven).
 */
public class OutcomeReconciler {

	private static final Logger log = LoggerFactory.getLogger(OutcomeReconciler.class);

	/** Between Vobiz's clock (created_at) and ours. */
	private static final Duration VOBIZ_CLOCK_SKEW = Duration.ofMinutes(1);

	private static final Set<String> OPEN = Set.of("initiated", "ringing", "pre_accepted");

	private final VobizClient vobiz;

	private final WorkerSettings.Reconcile settings;

	private final CallLogIndex index;

	private final Clock clock;

	private final MeterRegistry registry;

	/**
	 * @param index the mirror of call.logs, or null to search Vobiz's logs directly only
	 */
	public OutcomeReconciler(VobizClient vobiz, WorkerSettings settings, CallLogIndex index, Clock clock,
			MeterRegistry registry) {
		this.vobiz = vobiz;
		this.settings = settings.reconcile();
		this.index = index;
		this.clock = clock;
		this.registry = registry;
	}

	/**
	 * Finds the outbound call an initiate created, if any; {@code sentAfter}: when its
	 * first request could leave.
	 */
	public Reconciliation findInitiated(String channelId, String to, String sdpOffer, Instant sentAfter) {
		Instant began = this.clock.instant();
		if (this.index != null && !sentAfter.minus(VOBIZ_CLOCK_SKEW).isBefore(this.index.horizon())) {
			Instant proof = began.plus(this.settings.window()).plus(this.settings.clockSkew());
			Optional<Reconciliation> settled = this.index.await(() -> this.index.outbound(channelId, to, sdpOffer)
				.<Reconciliation>map(
						call -> new Reconciliation.Found(call.callId(), call.fromNumber(), call.toNumber()))
				.or(() -> this.index.proves(proof, sentAfter.minus(VOBIZ_CLOCK_SKEW), "outbound")
						? Optional.of(new Reconciliation.Absent()) : Optional.empty()),
					indexWait());
			if (settled.isPresent()) {
				return counted("initiate", "index", settled.get());
			}
			log.warn(
					"The call-log index proved nothing within {} (log poller down or lagging: the newest scan read "
							+ "started {}); searching Vobiz's logs directly",
					this.settings.indexWait(), this.index.provenThrough());
			counted("initiate", "index", new Reconciliation.Unreachable("index"));
		}
		Reconciliation direct = searchUntilSettled(sentAfter.minus(VOBIZ_CLOCK_SKEW), "outbound",
				candidate -> Objects.equals(candidate.offerSdp(), sdpOffer)
						&& Objects.equals(candidate.channelId(), channelId) && Objects.equals(candidate.toNumber(), to),
				found -> Optional.of(new Reconciliation.Found(found.id(), found.fromNumber(), found.toNumber())));
		return counted("initiate", "logs", direct);
	}

	/**
	 * Whether a PRE_ACCEPT or ACCEPT of inbound call {@code callId} took effect. Found:
	 * its call's log proves it (answered — {@code answered_at} set or status accepted —
	 * which stays proven after the call ended or after a later action; for a PRE_ACCEPT
	 * also status pre_accepted). Absent: the call's log, read after this search began
	 * plus the window, is still waiting for the action (initiated, ringing, or
	 * pre_accepted before an ACCEPT) — or, for an ACCEPT, ended unanswered. Anything else
	 * stays unknown.
	 */
	public Reconciliation findAction(String callId, CallAction action) {
		Instant began = this.clock.instant();
		String kind = action.name().toLowerCase(Locale.ROOT);
		if (this.index != null) {
			Instant proof = began.plus(this.settings.window()).plus(this.settings.clockSkew());
			Optional<Reconciliation> settled = this.index.await(() -> this.index.inbound(callId).flatMap(call -> {
				boolean applied = (action == CallAction.PRE_ACCEPT) ? call.preAccepted() : call.answered();
				if (applied) {
					return Optional.of(new Reconciliation.Found(callId, null, null));
				}
				return this.index.proves(proof, call.createdAt(), "inbound")
						? Optional.of(notApplied(action, call.status())) : Optional.empty();
			}), indexWait());
			if (settled.isPresent()) {
				return counted(kind, "index", settled.get());
			}
			log.warn(
					"The call-log index settled nothing about call {} within {} (not in call.logs, or the log poller "
							+ "is down or lagging); searching Vobiz's logs directly",
					callId, this.settings.indexWait());
			counted(kind, "index", new Reconciliation.Unreachable("index"));
		}
		Reconciliation direct = searchUntilSettled(began.minus(this.settings.maxCallAge()), "inbound",
				candidate -> callId.equals(candidate.id()), call -> {
					boolean answered = call.answeredAt() != null || "accepted".equalsIgnoreCase(call.status());
					boolean applied = answered
							|| (action == CallAction.PRE_ACCEPT && "pre_accepted".equalsIgnoreCase(call.status()));
					return applied ? Optional.of(new Reconciliation.Found(callId, null, null)) : Optional.empty();
				});
		if (direct instanceof Reconciliation.Absent) {
			// the call was not found applied within the window: only its current status
			// tells whether it still waits
			direct = lookOnce(began.minus(this.settings.maxCallAge()), "inbound", c -> callId.equals(c.id()))
				.map(look -> (look instanceof Match found) ? notApplied(action, found.log().status())
						: look.asReconciliation())
				.orElse(new Reconciliation.Unreachable(
						"call " + callId + " not among the inbound calls of the last " + this.settings.maxCallAge()));
		}
		return counted(kind, "logs", direct);
	}

	/**
	 * How long to wait on the index: not at all while it is stale (the poller down or
	 * lagging beyond the wait).
	 */
	private Duration indexWait() {
		return this.index.stale(this.settings.indexWait()) ? Duration.ZERO : this.settings.indexWait();
	}

	/** A call whose log shows {@code action} not applied (in a read proven complete). */
	private static Reconciliation notApplied(CallAction action, String status) {
		String now = (status == null) ? "" : status.toLowerCase(Locale.ROOT);
		boolean waiting = OPEN.contains(now) && !(action == CallAction.PRE_ACCEPT && "pre_accepted".equals(now));
		if (waiting || (action == CallAction.ACCEPT && !OPEN.contains(now))) {
			// still waiting for it, or ended without ever being answered: sending it
			// cannot apply it twice
			return new Reconciliation.Absent();
		}
		return new Reconciliation.Unreachable(
				"the call is " + status + " and its log cannot show whether the " + action + " took effect");
	}

	/**
	 * Searches until {@code settle} of a matching row gives an answer (found) or the
	 * window passed: absent when the last look read back to {@code notBefore} without a
	 * match or a settling match; unreachable when it could not.
	 */
	private Reconciliation searchUntilSettled(Instant notBefore, String direction, Predicate<CallLog> matches,
			Function<CallLog, Optional<Reconciliation>> settle) {
		long deadline = System.nanoTime() + this.settings.window().toNanos();
		while (true) {
			Optional<Look> look = lookOnce(notBefore, direction, matches);
			if (look.isPresent() && look.get() instanceof Match found) {
				Optional<Reconciliation> settled = settle.apply(found.log());
				if (settled.isPresent()) {
					return settled.get();
				}
			}
			else if (look.isPresent()) {
				return look.get().asReconciliation();
			}
			if (System.nanoTime() + this.settings.pollInterval().toNanos() > deadline) {
				return new Reconciliation.Absent();
			}
			Pause.of(this.settings.pollInterval());
		}
	}

	/**
	 * One pass over the newest pages: the matching row, an unreachable verdict, or empty
	 * (read back, no match).
	 */
	private Optional<Look> lookOnce(Instant notBefore, String direction, Predicate<CallLog> matches) {
		for (int page = 1; page <= this.settings.maxPages(); page++) {
			VobizOutcome<CallLogPage> outcome = this.vobiz
				.listCallLogs(new CallLogsQuery(page, this.settings.pageSize(), direction, null));
			if (!(outcome instanceof VobizOutcome.Success<CallLogPage> success)) {
				log.warn("Call logs unreadable while reconciling: {}", outcome);
				return Optional.of(new Unproven(String.valueOf(outcome)));
			}
			CallLogPage logs = success.body();
			for (CallLog candidate : logs.items()) {
				if (matches.test(candidate)) {
					return Optional.of(new Match(candidate));
				}
			}
			boolean olderThanRequest = !logs.items().isEmpty()
					&& logs.items().get(logs.items().size() - 1).createdAt().isBefore(notBefore);
			if (!logs.hasMore() || olderThanRequest) {
				return Optional.empty();
			}
		}
		// Absence is only proven by reading back to the request's time: more calls than
		// the pages searched were
		// created since, so a resend could dial twice.
		log.warn("{} pages of call logs searched without reaching {}: absence not proven", this.settings.maxPages(),
				notBefore);
		return Optional
			.of(new Unproven("call logs newer than the request fill more than " + this.settings.maxPages() + " pages"));
	}

	private Reconciliation counted(String kind, String source, Reconciliation verdict) {
		String result = switch (verdict) {
			case Reconciliation.Found found -> "found";
			case Reconciliation.Absent absent -> "absent";
			case Reconciliation.Unreachable unreachable -> "unproven";
		};
		Counter.builder("callworker.reconcile.lookups")
			.description("Reconciliations of unknown outcomes, by command kind, where they were settled and how")
			.tag("kind", kind)
			.tag("source", source)
			.tag("result", result)
			.register(this.registry)
			.increment();
		return verdict;
	}

	/** What one pass over the logs saw. */
	private sealed interface Look {

		Reconciliation asReconciliation();

	}

	private record Match(CallLog log) implements Look {

		@Override
		public Reconciliation asReconciliation() {
			return new Reconciliation.Found(this.log.id(), this.log.fromNumber(), this.log.toNumber());
		}
	}

	private record Unproven(String reason) implements Look {

		@Override
		public Reconciliation asReconciliation() {
			return new Reconciliation.Unreachable(this.reason);
		}
	}

}
