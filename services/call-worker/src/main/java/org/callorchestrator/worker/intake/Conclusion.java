package org.callorchestrator.worker.intake;

import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.worker.deadletter.CommandFailure;

/** What a command handler concluded: Vobiz applied the command, or it failed for good. */
public sealed interface Conclusion {

	/** The event to publish for this result. */
	CallEvent event();

	/** Vobiz applied the command; {@code event} is the transition it caused. */
	record Applied(CallEvent event) implements Conclusion {
	}

	/** The command failed; {@code event} reports it, and the command goes to the dead-letter topic. */
	record Failed(CallEvent event, CommandFailure failure) implements Conclusion {
	}

}
