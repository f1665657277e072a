package org.callorchestrator.tryit;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.common.errors.TimeoutException;
import org.callorchestrator.cli.RegistryOptions;
import org.callorchestrator.serde.RegistryUnreachableException;

/**
 * A failure the user can act on, with a message that says what did not answer or arrive;
 * {@link #describe} turns the clients' own exceptions into such a message.
 */
final class Failure extends RuntimeException {

	private static final long serialVersionUID = 1L;

	static final String HINT = " (is the local stack running? bin/local-stack)";

	Failure(String message) {
		super(message);
	}

	/** The message of the innermost cause. */
	static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getMessage();
	}

	/** One line for the user: what failed, and where to look. */
	static String describe(Throwable ex) {
		Throwable cause = ex;
		while ((cause instanceof ExecutionException || cause instanceof CompletionException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		if (cause instanceof Failure || cause instanceof RegistryOptions.UnreadableCommandConfig) {
			return cause.getMessage();
		}
		if (cause instanceof RegistryUnreachableException) {
			return "the schema registry did not answer: " + cause.getMessage() + HINT;
		}
		if (cause instanceof TimeoutException) {
			return "Kafka did not answer in time: " + cause.getMessage() + HINT;
		}
		Throwable root = cause;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return cause.getClass().getSimpleName() + ": " + cause.getMessage()
				+ ((root != cause) ? " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")" : "");
	}

}
