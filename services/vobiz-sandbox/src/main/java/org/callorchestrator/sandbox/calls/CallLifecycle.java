package org.callorchestrator.sandbox.calls;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import jakarta.annotation.PreDestroy;
import org.callorchestrator.sandbox.SandboxSettings;
import org.callorchestrator.sandbox.api.VobizApiException;
import org.callorchestrator.sandbox.auth.Accounts;
import org.callorchestrator.sandbox.webhooks.WebhookDispatcher;
import org.callorchestrator.sandbox.webhooks.WhatsAppPayloads;
import org.springframework.stereotype.Component;

/**
 * The call state machine and the webhooks it emits.
 *
 * <p>
 * Outbound (per callee scenario): initiated → ringing ({@code call.status_change}
 * RINGING) → ANSWER: accepted ({@code call.connect} with the SDP answer, then ACCEPTED) →
 * terminated by {@code terminate} or by the remote party after the talk duration
 * ({@code call.terminate} COMPLETED with duration); REJECT: rejected (REJECTED); MISS:
 * missed after the answer window ({@code call.terminate} FAILED); FAIL: failed
 * ({@code call.terminate} FAILED, Meta 138004).
 *
 * <p>
 * Inbound (injected): ringing ({@code call.connect} with the SDP offer) → pre_accept →
 * pre_accepted → accept → accepted → terminated; or reject → rejected; unanswered past
 * the answer window → missed ({@code call.terminate}).
 *
 * <p>
 * An action that does not fit the call's state answers 409 INVALID_CALL_STATE (our
 * choice; Vobiz does not document one). Scheduled steps re-check the state, so a call
 * ended by an action never resumes.
 */
@Component
public class CallLifecycle {

	private static final Set<String> ENDABLE = Set.of("initiated", "ringing", "pre_accepted", "accepted");

	private final CallStore calls;

	private final WebhookDispatcher webhooks;

	private final Accounts accounts;

	private final SandboxSettings settings;

	private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
		Thread thread = new Thread(r, "call-lifecycle");
		thread.setDaemon(true);
		return thread;
	});

	public CallLifecycle(CallStore calls, WebhookDispatcher webhooks, Accounts accounts, SandboxSettings settings) {
		this.calls = calls;
		this.webhooks = webhooks;
		this.accounts = accounts;
		this.settings = settings;
	}

	/** Runs an outbound call's scenario from initiated on. */
	public void startOutbound(Call call) {
		SandboxSettings.Scenario scenario = this.settings.scenarios()
			.getOrDefault(call.toNumber(), SandboxSettings.Scenario.ANSWER);
		SandboxSettings.Timing timing = this.settings.timing();
		if (scenario == SandboxSettings.Scenario.FAIL) {
			later(timing.ringAfter(), () -> end(call, Set.of("initiated"), "failed", "FAILED",
					List.of(Map.of("code", 138004, "message", "Connection error")), "connection_error"));
			return;
		}
		later(timing.ringAfter(), () -> {
			if (transition(call, Set.of("initiated"), "ringing")) {
				emit(call, "call.status_change", WhatsAppPayloads.status(call, "RINGING", number(call)));
				switch (scenario) {
					case ANSWER -> later(timing.answerAfter(), () -> answer(call));
					case REJECT -> later(timing.answerAfter(), () -> {
						if (transitionAndEnd(call, Set.of("ringing"), "rejected", "call_rejected")) {
							emit(call, "call.status_change", WhatsAppPayloads.status(call, "REJECTED", number(call)));
						}
					});
					case MISS -> later(timing.answerWindow(), () -> end(call, Set.of("ringing"), "missed", "FAILED",
							List.of(Map.of("code", 138007, "message", "Not answered")), "no_answer"));
					default -> {
					}
				}
			}
		});
	}

	private void answer(Call call) {
		String answerSdp = "v=0\r\no=- " + System.nanoTime() + " 2 IN IP4 127.0.0.1\r\ns=callee\r\nt=0 0\r\n";
		boolean answered = update(call, Set.of("ringing"), c -> {
			c.status = "accepted";
			c.answerSdp = answerSdp;
			c.answeredAt = this.calls.now();
		});
		if (answered) {
			emit(call, "call.connect", WhatsAppPayloads.connect(call, number(call)));
			emit(call, "call.status_change", WhatsAppPayloads.status(call, "ACCEPTED", number(call)));
			later(this.settings.timing().talkDuration(), () -> hangUp(call));
		}
	}

	/**
	 * Creates an inbound (user-initiated) call and delivers {@code call.connect} with its
	 * offer.
	 */
	public Call startInbound(SandboxSettings.Channel channel, String from, String offerSdp) {
		Call call = this.calls.create(channel.account(), channel.id(), "inbound", from, channel.number(), offerSdp,
				"ringing");
		emit(call, "call.connect", WhatsAppPayloads.connect(call, channel.number()));
		later(this.settings.timing().answerWindow(),
				() -> end(call, Set.of("ringing", "pre_accepted"), "missed", "FAILED", List.of(), "no_answer"));
		return call;
	}

	/** The remote party hangs up. */
	public boolean hangUp(Call call) {
		return end(call, ENDABLE, "terminated", "COMPLETED", List.of(), "normal_clearing");
	}

	/**
	 * Applies a business action, or answers 409 when the call's state does not allow it.
	 */
	public void apply(Call call, String action, String sdp) {
		boolean inbound = "inbound".equals(call.direction());
		switch (action) {
			case "pre_accept" -> require(inbound && update(call, Set.of("ringing", "pre_accepted"), c -> {
				c.status = "pre_accepted";
				c.answerSdp = sdp;
			}), call, action);
			case "accept" -> {
				require(inbound && update(call, Set.of("ringing", "pre_accepted"), c -> {
					c.status = "accepted";
					c.answerSdp = sdp;
					c.answeredAt = this.calls.now();
				}), call, action);
				later(this.settings.timing().talkDuration(), () -> hangUp(call));
			}
			case "reject" -> require(
					inbound && transitionAndEnd(call, Set.of("ringing", "pre_accepted"), "rejected", "call_rejected"),
					call, action);
			case "terminate" -> require(hangUp(call), call, action);
			default -> throw new IllegalArgumentException(action);
		}
	}

	private void require(boolean applied, Call call, String action) {
		if (!applied) {
			throw VobizApiException
				.invalidState("Cannot " + action + " a" + ("inbound".equals(call.direction()) ? "n " : " ")
						+ call.direction() + " call that is " + call.status(), call.status());
		}
	}

	private boolean end(Call call, Set<String> from, String status, String metaStatus, List<Map<String, Object>> errors,
			String cause) {
		if (transitionAndEnd(call, from, status, cause)) {
			emit(call, "call.terminate", WhatsAppPayloads.terminate(call, metaStatus, errors, number(call)));
			return true;
		}
		return false;
	}

	private boolean transitionAndEnd(Call call, Set<String> from, String status, String cause) {
		return update(call, from, c -> {
			Instant now = this.calls.now();
			c.status = status;
			c.endedAt = now;
			c.hangupCause = cause;
			c.durationSeconds = (c.answeredAt != null) ? (int) Duration.between(c.answeredAt, now).toSeconds() : 0;
		});
	}

	private boolean transition(Call call, Set<String> from, String status) {
		return update(call, from, c -> c.status = status);
	}

	private boolean update(Call call, Set<String> from, Consumer<Call> change) {
		synchronized (call) {
			if (!from.contains(call.status)) {
				return false;
			}
			this.calls.update(call, change);
			return true;
		}
	}

	private void emit(Call call, String eventType, Map<String, Object> payload) {
		this.webhooks.dispatch(call.accountId(), call.id(), eventType, payload);
	}

	private String number(Call call) {
		return this.accounts.channel(call.channelId()).map(SandboxSettings.Channel::number).orElse(call.fromNumber());
	}

	private void later(Duration delay, Runnable step) {
		this.scheduler.schedule(step, delay.toMillis(), TimeUnit.MILLISECONDS);
	}

	@PreDestroy
	void stop() {
		this.scheduler.shutdownNow();
	}

}
