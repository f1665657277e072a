package org.callorchestrator.worker.deadletter;

/**
 * Carries a {@link CommandFailure} into Spring Kafka's
 * {@code DeadLetterPublishingRecoverer}, whose exception headers then name this class and
 * the failure's message. Never thrown out of the pipeline.
 */
public class CommandFailedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final transient CommandFailure failure;

	private final String commandId;

	public CommandFailedException(CommandFailure failure, String commandId) {
		super(failure.category() + ": " + failure.message(), null, false, false);
		this.failure = failure;
		this.commandId = commandId;
	}

	/** The failed command's id, or null when the record could not be decoded. */
	public String commandId() {
		return this.commandId;
	}

	public CommandFailure failure() {
		return this.failure;
	}

}
