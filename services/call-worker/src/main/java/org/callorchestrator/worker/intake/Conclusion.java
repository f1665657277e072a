package org.callorchestrator.worker.intake;

import org.callorchestrator.schema.CommandResult;
import org.callorchestrator.worker.deadletter.CommandFailure;

/** What a command handler concluded: Vobiz applied the command, or it failed for good. */
public sealed interface Conclusion {

	/** The result to publish on call.command-results. */
	CommandResult result();

	/** Vobiz applied the command; {@code result} says the status it led to. */
	record Applied(CommandResult result) implements Conclusion {
	}

	/**
	 * The command failed; {@code result} reports it, and the command goes to the
	 * dead-letter topic.
	 */
	record Failed(CommandResult result, CommandFailure failure) implements Conclusion {
	}

}
