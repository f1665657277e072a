package org.callorchestrator.vobiz.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;

import org.callorchestrator.vobiz.VobizError;
import org.callorchestrator.vobiz.VobizOutcome;

/**
 * The one place that decides which {@link VobizOutcome} an HTTP answer or a transport
 * failure is. Stateless.
 */
public final class OutcomeClassifier {

	/** Meta codes that are rate limits or quotas rather than refusals. */
	static final Set<Integer> META_RATE_LIMITS = Set.of(138002, 138005, 138012);

	private final ErrorEnvelopeReader errors;

	private final Clock clock;

	public OutcomeClassifier(ErrorEnvelopeReader errors, Clock clock) {
		this.errors = errors;
		this.clock = clock;
	}

	/** Outcome of a non-2xx answer. */
	public <T> VobizOutcome<T> ofErrorStatus(int status, String body, Optional<String> retryAfterHeader) {
		VobizError error = this.errors.read(body);
		Integer metaCode = error.metaCode();
		if (status == 429 || (metaCode != null && META_RATE_LIMITS.contains(metaCode))) {
			return new VobizOutcome.RateLimited<>(status, error, retryAfter(retryAfterHeader, error),
					this.errors.nextAllowedAt(error));
		}
		if (status == 503) {
			return new VobizOutcome.NotApplied<>("Vobiz unavailable (503): " + error.message(), status);
		}
		if (status >= 500) {
			return new VobizOutcome.OutcomeUnknown<>("Vobiz server error " + status + ": " + error.message(), status);
		}
		return new VobizOutcome.Rejected<>(status, error);
	}

	/** Outcome of a request that got no HTTP answer. */
	public <T> VobizOutcome<T> ofFailure(Throwable failure) {
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		if (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException
				|| cause instanceof UnresolvedAddressException || hasCause(cause, ConnectException.class)) {
			return new VobizOutcome.NotApplied<>("could not connect: " + describe(cause), null);
		}
		if (cause instanceof HttpTimeoutException) {
			return new VobizOutcome.OutcomeUnknown<>("no answer within the response timeout", null);
		}
		if (cause instanceof IOException) {
			return new VobizOutcome.OutcomeUnknown<>("connection failed after the request was sent: " + describe(cause),
					null);
		}
		return new VobizOutcome.OutcomeUnknown<>("unexpected failure: " + describe(cause), null);
	}

	Duration retryAfter(Optional<String> header, VobizError error) {
		if (header.isPresent()) {
			String value = header.get().trim();
			try {
				return Duration.ofSeconds(Long.parseLong(value));
			}
			catch (NumberFormatException ex) {
				try {
					Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
					Duration until = Duration.between(this.clock.instant(), at);
					return until.isNegative() ? Duration.ZERO : until;
				}
				catch (DateTimeParseException ignored) {
					// fall through to the details
				}
			}
		}
		return this.errors.retryAfter(error);
	}

	private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (type.isInstance(t)) {
				return true;
			}
		}
		return false;
	}

	private static String describe(Throwable failure) {
		return failure.getClass().getSimpleName() + ((failure.getMessage() != null) ? ": " + failure.getMessage() : "");
	}

}
