package org.callorchestrator.worker.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.callorchestrator.vobiz.CallLog;
import org.callorchestrator.vobiz.CallLogPage;
import org.callorchestrator.vobiz.CallLogsQuery;
import org.callorchestrator.vobiz.VobizClient;
import org.callorchestrator.vobiz.VobizOutcome;
import org.callorchestrator.worker.WorkerSettings;
import org.callorchestrator.worker.retry.Pause;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Looks in Vobiz's call logs (newest first) for the trace of a request whose outcome was unknown.
 *
 * <p>An initiate is recognised by its SDP offer — unique per intended call — together with its channel and callee
 * number; an action by the status of its call. The logs may lag behind the request, so an absent trace is searched
 * again every {@code worker.reconcile.poll-interval} until {@code worker.reconcile.window} has passed; only then is
 * it declared absent. Each look reads at most {@code worker.reconcile.max-pages} pages, stopping at logs created
 * before the request was first sent (minus a minute of clock skew).
 */
@Component
public class OutcomeReconciler {

	private static final Logger log = LoggerFactory.getLogger(OutcomeReconciler.class);

	private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

	private final VobizClient vobiz;

	private final WorkerSettings.Reconcile settings;

	public OutcomeReconciler(VobizClient vobiz, WorkerSettings settings) {
		this.vobiz = vobiz;
		this.settings = settings.reconcile();
	}

	/** Finds the outbound call an initiate created, if any. */
	public Reconciliation findInitiated(String channelId, String to, String sdpOffer, Instant sentAfter) {
		return searchUntilFound(sentAfter, "outbound", candidate -> Objects.equals(candidate.offerSdp(), sdpOffer)
				&& Objects.equals(candidate.channelId(), channelId) && Objects.equals(candidate.toNumber(), to));
	}

	/**
	 * Finds the inbound call {@code callId} if its log proves a (pre-)accept applied: its status is one of
	 * {@code appliedStatuses}, or it was answered ({@code answered_at} set) — which stays proven after the call ended,
	 * or after a later action the worker that died had also applied.
	 */
	public Reconciliation findAccepted(String callId, Set<String> appliedStatuses) {
		return searchUntilFound(Instant.EPOCH, "inbound", candidate -> callId.equals(candidate.id())
				&& (appliedStatuses.contains(candidate.status()) || candidate.answeredAt() != null));
	}

	private Reconciliation searchUntilFound(Instant sentAfter, String direction,
			java.util.function.Predicate<CallLog> matches) {
		long deadline = System.nanoTime() + this.settings.window().toNanos();
		while (true) {
			Optional<Reconciliation> look = lookOnce(sentAfter.minus(CLOCK_SKEW), direction, matches);
			if (look.isPresent()) {
				return look.get();
			}
			if (System.nanoTime() + this.settings.pollInterval().toNanos() > deadline) {
				return new Reconciliation.Absent();
			}
			Pause.of(this.settings.pollInterval());
		}
	}

	/** One pass over the newest pages; empty when nothing matched but the logs were readable. */
	private Optional<Reconciliation> lookOnce(Instant notBefore, String direction,
			java.util.function.Predicate<CallLog> matches) {
		for (int page = 1; page <= this.settings.maxPages(); page++) {
			VobizOutcome<CallLogPage> outcome = this.vobiz
				.listCallLogs(new CallLogsQuery(page, this.settings.pageSize(), direction, null));
			if (!(outcome instanceof VobizOutcome.Success<CallLogPage> success)) {
				log.warn("Call logs unreadable while reconciling: {}", outcome);
				return Optional.of(new Reconciliation.Unreachable(String.valueOf(outcome)));
			}
			CallLogPage logs = success.body();
			for (CallLog candidate : logs.items()) {
				if (matches.test(candidate)) {
					return Optional.of(new Reconciliation.Found(candidate));
				}
			}
			boolean olderThanRequest = !logs.items().isEmpty()
					&& logs.items().get(logs.items().size() - 1).createdAt().isBefore(notBefore);
			if (!logs.hasMore() || olderThanRequest) {
				return Optional.empty();
			}
		}
		// Absence is only proven by reading back to the request's time: more calls than the pages searched were
		// created since, so a resend could dial twice.
		log.warn("{} pages of call logs searched without reaching {}: absence not proven", this.settings.maxPages(),
				notBefore);
		return Optional.of(new Reconciliation.Unreachable(
				"call logs newer than the request fill more than " + this.settings.maxPages() + " pages"));
	}


}
