package org.callorchestrator.worker.deadline;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.callorchestrator.schema.CallAction;
import org.callorchestrator.schema.CallActionCommand;
import org.callorchestrator.schema.CallInitiateCommand;
import org.callorchestrator.schema.DeadLetterHeaders;
import org.callorchestrator.schema.ErrorCategory;
import org.callorchestrator.worker.WorkerSettings;
import org.callorchestrator.worker.deadletter.CommandFailure;
import org.callorchestrator.worker.metrics.WorkerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The deadline of each command, first of:
 * <ol>
 * <li>an {@code x-expires-at} header (ISO-8601): the new deadline an operator gave a
 * replay ({@code dlt-replay
 * --expires-in});</li>
 * <li>the command's {@code expires_at};</li>
 * <li>its {@code requested_at} plus {@code worker.deadline.initiate-max-age} (initiates)
 * or {@code action-max-age} (PRE_ACCEPT and ACCEPT only), when {@code requested_at} is
 * usable (positive) and the maximum age is not 0;</li>
 * <li>none: the command is sent however late, as before deadlines existed.</li>
 * </ol>
 * And the EXPIRED failure of a command that missed it. Thread-safe.
 */
@Component
public class CommandDeadlines {

	/** The {@code x-error-code} of an EXPIRED failure. */
	public static final String CODE = "DEADLINE_PASSED";

	private static final Logger log = LoggerFactory.getLogger(CommandDeadlines.class);

	private final WorkerSettings.Deadline settings;

	private final WorkerMetrics metrics;

	private final Clock clock;

	public CommandDeadlines(WorkerSettings settings, WorkerMetrics metrics, Clock clock) {
		this.settings = settings.deadline();
		this.metrics = metrics;
		this.clock = clock;
	}

	public Deadline of(CallInitiateCommand command, Headers headers) {
		return of(headers, command.getExpiresAt(), command.getRequestedAt(), this.settings.initiateMaxAge());
	}

	public Deadline of(CallActionCommand command, Headers headers) {
		CallAction action = command.getAction();
		boolean rings = action == CallAction.PRE_ACCEPT || action == CallAction.ACCEPT;
		return of(headers, command.getExpiresAt(), command.getRequestedAt(),
				rings ? this.settings.actionMaxAge() : Duration.ZERO);
	}

	private Deadline of(Headers headers, Instant expiresAt, Instant requestedAt, Duration maxAge) {
		Header header = (headers != null) ? headers.lastHeader(DeadLetterHeaders.EXPIRES_AT) : null;
		if (header != null) {
			String value = new String(header.value(), StandardCharsets.UTF_8).trim();
			try {
				return new Deadline(Instant.parse(value), DeadLetterHeaders.EXPIRES_AT + " header");
			}
			catch (DateTimeParseException ex) {
				log.warn("Ignoring an {} header that is not an ISO-8601 instant: {}", DeadLetterHeaders.EXPIRES_AT,
						value);
			}
		}
		if (expiresAt != null && expiresAt.toEpochMilli() > 0) {
			return new Deadline(expiresAt, "expires_at");
		}
		if (requestedAt != null && requestedAt.toEpochMilli() > 0 && !maxAge.isZero()) {
			return new Deadline(requestedAt.plus(maxAge), "requested_at + " + maxAge);
		}
		return Deadline.NONE;
	}

	/**
	 * The failure of a command of {@code kind} whose deadline passed before its request
	 * could leave, counted ({@code callworker.commands.expired{kind}}).
	 * @param attempts requests of the command that did leave (and were not applied)
	 * before it
	 */
	public CommandFailure expired(String kind, Deadline deadline, int attempts) {
		Instant now = this.clock.instant();
		Duration late = deadline.lateBy(now);
		this.metrics.expired(kind, late);
		return new CommandFailure(ErrorCategory.EXPIRED, CODE, null,
				"Deadline " + deadline + " passed " + late.toMillis() + " ms before the " + kind
						+ " could be sent: never sent to Vobiz"
						+ ((attempts > 0) ? " (" + attempts + " earlier requests, none applied)" : "")
						+ ". Replay only with a new deadline (dlt-replay --expires-in).",
				false, attempts, new CommandFailure.Expiry(deadline.at(), late));
	}

}
