package org.callorchestrator.reliability;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.callorchestrator.bench.ChildProcess;
import org.callorchestrator.bench.CommandLoad;
import org.callorchestrator.bench.ResultWatcher;

/**
 * Scenario {@code deadline-outage}: Vobiz answers 503 to every request for longer than
 * the initiates' deadline while they arrive — 10 s of outage, initiates with
 * {@code expires_at} 5 s after they were sent, in the short variant (60 s and 20 s in the
 * full one), in four waves over the first three quarters of the outage, and every third
 * one without {@code expires_at} (the worker's default, 5 min, applies). Every command
 * must end in one result: EXPIRED for those whose deadline passed while Vobiz was out,
 * never dialled — no request of theirs reaches Vobiz after it came back — and INITIATED,
 * dialled once, for the others; no call placed past its command's deadline. The suite's
 * worker runs with its own defaults: the deadlines travel on the commands.
 */
final class VobizOutageDeadline {

	private final ReliabilitySuite suite;

	/**
	 * How long after its deadline a request may reach the sandbox and still count as
	 * placed in time: the worker checks the deadline just before it sends; loopback and
	 * the receiving server's scheduling on a loaded 2-core box (the CI runs other
	 * modules' tests beside the suite) come after that check.
	 */
	static final Duration ARRIVAL_ALLOWANCE = Duration.ofSeconds(1);

	private final int initiates;

	private final int outageSeconds;

	private final int deadlineSeconds;

	VobizOutageDeadline(ReliabilitySuite suite, int initiates, int outageSeconds, int deadlineSeconds) {
		this.suite = suite;
		this.initiates = initiates;
		this.outageSeconds = outageSeconds;
		this.deadlineSeconds = deadlineSeconds;
	}

	ScenarioResult run() {
		ReliabilitySuite.say("deadline-outage: Vobiz answers 503 for %d s while %,d initiates arrive, two in three "
				+ "with a %d s deadline", this.outageSeconds, this.initiates, this.deadlineSeconds);
		CommandLoad load = this.suite.load;
		String latency = "\"latency\":{\"fixed_ms\":" + this.suite.latencyMs + ",\"jitter_ms\":0}";
		// the sandbox's outage ends between these two: a deadline before the first passed
		// while Vobiz was out; a request
		// after the second reached Vobiz once it was back
		long outageEndsAfter = System.currentTimeMillis() + this.outageSeconds * 1000L;
		load.sandboxFaults("{" + latency + ",\"outage\":{\"seconds\":" + this.outageSeconds + ",\"status\":503}}");
		long outageEndedBy = System.currentTimeMillis() + this.outageSeconds * 1000L;
		List<String> ids = new ArrayList<>();
		Map<String, Instant> deadlines = new HashMap<>();
		int waves = 4;
		try {
			for (int i = 0; i < this.initiates; i++) {
				if (i % 3 == 2) {
					ids.add(load.initiate().commandId());
				}
				else {
					Instant deadline = Instant.now().plusSeconds(this.deadlineSeconds);
					String id = load.initiate(deadline).commandId();
					ids.add(id);
					deadlines.put(id, deadline);
				}
				if ((i + 1) % (this.initiates / waves) == 0 && i + 1 < this.initiates) {
					load.flush();
					ChildProcess.sleep(Duration.ofMillis(this.outageSeconds * 750L / waves));
				}
			}
			load.flush();
			this.suite.results.awaitAll(ids, Duration.ofMinutes(3), "deadline-outage");
		}
		finally {
			load.sandboxFaults("{" + latency + "}");
		}
		return judge(ids, deadlines, outageEndsAfter, outageEndedBy);
	}

	private ScenarioResult judge(List<String> ids, Map<String, Instant> deadlines, long outageEndsAfter,
			long outageEndedBy) {
		long expired = 0;
		long expiredDue = 0;
		long expiredNotDue = 0;
		long dialled = 0;
		long dialledWithDeadline = 0;
		long placedPastDeadline = 0;
		long createdAfterDeadline = 0;
		long latestArrivalAfterDeadline = Long.MIN_VALUE;
		long requestsAfterBackOfExpired = 0;
		long defaultDeadlineExpired = 0;
		long lastExpiredMillis = 0;
		for (String id : ids) {
			List<ResultWatcher.Seen> seen = this.suite.results.of(id);
			if (seen.isEmpty()) {
				continue;
			}
			CommandLoad.Dials dials = this.suite.load.dials(this.suite.load.offerOf(id));
			Instant deadline = deadlines.get(id);
			boolean isExpired = "EXPIRED".equals(category(id));
			if (isExpired) {
				expired++;
				lastExpiredMillis = Math.max(lastExpiredMillis, seen.get(0).seenMillis());
				if (deadline == null) {
					defaultDeadlineExpired++;
				}
				else if (deadline.toEpochMilli() <= outageEndsAfter) {
					expiredDue++;
				}
				else {
					expiredNotDue++;
				}
				if (dials.lastRequestMillis() > outageEndedBy) {
					requestsAfterBackOfExpired++;
				}
			}
			if (dials.created() > 0) {
				dialled++;
				if (deadline != null) {
					dialledWithDeadline++;
					// placed = the request reached Vobiz (the sandbox's own latency and
					// processing come after: a request that arrives in the deadline's
					// last
					// milliseconds creates its call just after it); a request the worker
					// sent
					// before the deadline reaches Vobiz a moment later on a loaded box
					long lateMillis = dials.lastRequestMillis() - deadline.toEpochMilli();
					latestArrivalAfterDeadline = Math.max(latestArrivalAfterDeadline, lateMillis);
					if (lateMillis > ARRIVAL_ALLOWANCE.toMillis()) {
						placedPastDeadline++;
					}
					if (dials.lastCreatedMillis() > deadline.toEpochMilli()) {
						createdAfterDeadline++;
					}
				}
			}
		}
		long due = deadlines.values().stream().filter(d -> d.toEpochMilli() <= outageEndsAfter).count();
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("outage_s", this.outageSeconds);
		figures.put("deadline_s", this.deadlineSeconds);
		figures.put("with_deadline", deadlines.size());
		figures.put("deadline_before_vobiz_back", due);
		figures.put("expired", expired);
		figures.put("expired_deadline_before_back", expiredDue);
		figures.put("expired_deadline_after_back", expiredNotDue);
		figures.put("expired_without_expires_at", defaultDeadlineExpired);
		figures.put("dialled", dialled);
		figures.put("dialled_with_deadline", dialledWithDeadline);
		figures.put("calls_placed_past_deadline", placedPastDeadline);
		figures.put("calls_created_after_deadline_by_vobiz", createdAfterDeadline);
		if (latestArrivalAfterDeadline != Long.MIN_VALUE) {
			// negative: every dialled request reached Vobiz that long before its deadline
			figures.put("latest_request_arrival_after_deadline_ms", latestArrivalAfterDeadline);
		}
		figures.put("requests_of_expired_after_vobiz_back", requestsAfterBackOfExpired);
		figures.put("last_expired_result_after_back_s",
				(lastExpiredMillis > 0) ? Math.round((lastExpiredMillis - outageEndedBy) / 100.0) / 10.0 : 0.0);
		figures.put(ScenarioResult.DEADLINE_VIOLATIONS,
				placedPastDeadline + requestsAfterBackOfExpired + (due - expiredDue));
		return this.suite.result("deadline-outage", ids, String.format("%d s of 503s, %d s deadlines: %d of %d "
				+ "commands whose deadline passed during the outage EXPIRED (%d more after it); requests of expired "
				+ "commands after Vobiz came back: %d; %d dialled, %d calls placed past their deadline (their request "
				+ "reached Vobiz more than " + ARRIVAL_ALLOWANCE.toMillis() + " ms after it)", this.outageSeconds,
				this.deadlineSeconds, expiredDue, due, expiredNotDue, requestsAfterBackOfExpired, dialled,
				placedPastDeadline), figures);
	}

	private String category(String id) {
		DeadLetterWatcher.DeadLetter letter = this.suite.deadLetters.of(id);
		return (letter != null) ? letter.category() : null;
	}

}
