package org.callorchestrator.worker.intake;

import java.time.Duration;

import org.callorchestrator.schema.CommandResult;
import org.callorchestrator.worker.results.CommandResultPublisher;
import org.callorchestrator.worker.retry.Pause;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Serializes the results of commands Vobiz has already answered. A failure here (registry
 * away) must not lose that answer — retrying the command would send it again — so the
 * lane waits and tries again until it succeeds ({@link UnexpectedFailures#untilDone}).
 * Thread-safe.
 */
final class ResultSerialization {

	private static final Logger log = LoggerFactory.getLogger(ResultSerialization.class);

	private final CommandResultPublisher results;

	ResultSerialization(CommandResultPublisher results) {
		this.results = results;
	}

	/** {@code result}'s key and bytes, however many attempts that takes. */
	CommandResultPublisher.Published untilDone(CommandResult result) {
		BackOffExecution backOff = UnexpectedFailures.untilDone();
		for (int attempt = 1;; attempt++) {
			try {
				return this.results.serialize(result);
			}
			catch (RuntimeException ex) {
				long wait = backOff.nextBackOff();
				log.warn("Could not serialize a concluded command's result (attempt {}): trying again in {} ms: {}",
						attempt, wait, ex.toString());
				Pause.of(Duration.ofMillis(wait));
			}
		}
	}

}
