package org.callorchestrator.worker.intake;

import java.util.List;

import org.apache.kafka.common.header.Headers;
import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.CommandResult;
import org.callorchestrator.worker.deadletter.CommandFailure;
import org.callorchestrator.worker.deadline.Deadline;
import org.callorchestrator.worker.validation.Violation;

/**
 * What the decider and the writer need to know of one command type (initiate or action).
 *
 * @param <C> the Avro command class
 */
public interface CommandKind<C> {

	/** Name used in metrics and logs ({@code initiate}, {@code action}). */
	String name();

	Class<C> type();

	String commandId(C command);

	/** The call id the command is about, for logs; null when it has none yet. */
	String callId(C command);

	/**
	 * The lane the command runs in: commands of one lane are applied one after the other,
	 * in offset order, and lanes run in parallel. Actions: their call (actions of one
	 * call stay in order); initiates: their command id (copies of one command never run
	 * at once).
	 */
	String laneKey(C command);

	List<Violation> validate(C command);

	/**
	 * Until when the command may be sent to Vobiz ({@code expires_at}, an
	 * {@code x-expires-at} header, or a default from {@code requested_at});
	 * {@link Deadline#NONE} when it has none.
	 * @param headers the record's headers
	 */
	Deadline deadlineOf(C command, Headers headers);

	/**
	 * Applies the command through Vobiz, sending no request after {@code deadline}: a
	 * command that cannot be sent in time concludes EXPIRED — unless an earlier request's
	 * outcome is unknown, which is reconciled first (expiry never hides a call that
	 * exists).
	 * @param possiblySentBefore an earlier delivery of this command may have reached
	 * Vobiz (an IN_FLIGHT marker was found): reconcile before sending anything
	 */
	Conclusion handle(C command, boolean possiblySentBefore, Deadline deadline);

	/** The conclusion for a command that failed before reaching Vobiz. */
	Conclusion failed(C command, CommandFailure failure);

	/**
	 * The result of a command whose outcome an earlier version recorded as the
	 * {@code CallEvent} it published on call.events, rebuilt without calling Vobiz.
	 * @param succeeded whether the recorded outcome is a success
	 */
	CommandResult fromRecordedEvent(C command, CallEvent recorded, boolean succeeded);

}
