package org.callorchestrator.worker.health;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.callorchestrator.worker.idempotency.CommandOutcomes;
import org.callorchestrator.worker.reconcile.CallLogIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * A loop that stops while the worker runs — a command consumer, the outcome mirror, the
 * call-log index — turns liveness BROKEN, so the platform restarts the pod instead of
 * leaving a worker that looks healthy and consumes nothing
 * ({@code callworker_loops_died_total{loop}}). Records the outcome mirror cannot read are
 * skipped, not fatal: {@code callworker_outcomes_skipped_total}.
 */
@Component
public final class LoopLiveness {

	private static final Logger log = LoggerFactory.getLogger(LoopLiveness.class);

	private final ApplicationEventPublisher events;

	private final MeterRegistry registry;

	public LoopLiveness(ApplicationEventPublisher events, MeterRegistry registry, CommandOutcomes outcomes,
			ObjectProvider<CallLogIndex> index) {
		this.events = events;
		this.registry = registry;
		outcomes.whenMirrorStopped(cause -> died("outcome mirror", cause));
		index.ifAvailable(mirror -> mirror.whenStopped(cause -> died("call-log index", cause)));
		FunctionCounter.builder("callworker.outcomes.skipped", outcomes, CommandOutcomes::skipped)
			.description("Records of the outcomes topic skipped because they could not be read")
			.register(registry);
	}

	/** {@code loop} stopped on {@code cause} while the worker runs. */
	public void died(String loop, Throwable cause) {
		log.error("The {} stopped while the worker runs: liveness DOWN, the platform should restart this instance",
				loop, cause);
		this.registry.counter("callworker.loops.died", "loop", loop).increment();
		AvailabilityChangeEvent.publish(this.events, this, LivenessState.BROKEN);
	}

}
