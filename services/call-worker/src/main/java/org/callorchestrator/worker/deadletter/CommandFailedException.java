package org.callorchestrator.worker.deadletter;

import java.util.List;

import org.apache.kafka.common.header.Header;

/**
 * Carries a {@link CommandFailure} into Spring Kafka's
 * {@code DeadLetterPublishingRecoverer}, whose exception headers then name this class and
 * the failure's message. Never thrown out of the pipeline.
 */
public class CommandFailedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final transient CommandFailure failure;

	private final String commandId;

	private final transient List<Header> trace;

	/**
	 * @param trace the trace headers of the span the command was worked on in
	 */
	public CommandFailedException(CommandFailure failure, String commandId, List<Header> trace) {
		super(failure.category() + ": " + failure.message(), null, false, false);
		this.failure = failure;
		this.commandId = commandId;
		this.trace = trace;
	}

	/** The failed command's id, or null when the record could not be decoded. */
	public String commandId() {
		return this.commandId;
	}

	public CommandFailure failure() {
		return this.failure;
	}

	/** The trace headers of the span the command was worked on in; may be empty. */
	public List<Header> trace() {
		return this.trace;
	}

}
