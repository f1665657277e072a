package org.callorchestrator.ingress.health;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.callorchestrator.ingress.delivery.SeenDeliveries;
import org.callorchestrator.ingress.mapping.CallIdResolver;
import org.callorchestrator.ingress.mapping.LoggedCalls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The ingress's three topic mirrors — seen deliveries, wacid → call_id mappings, the call
 * logs — skip records they cannot read ({@code ingress_views_skipped_total{view}}: never
 * fatal); a mirror whose loop stops while the ingress runs turns liveness BROKEN
 * ({@code ingress_loops_died_total{loop}}), so the platform restarts the pod instead of
 * leaving an ingress that looks healthy and no longer deduplicates or maps.
 */
@Component
class ViewLiveness {

	private static final Logger log = LoggerFactory.getLogger(ViewLiveness.class);

	private final ApplicationEventPublisher events;

	private final MeterRegistry registry;

	ViewLiveness(ApplicationEventPublisher events, MeterRegistry registry, SeenDeliveries seen, CallIdResolver mappings,
			LoggedCalls logs) {
		this.events = events;
		this.registry = registry;
		seen.whenStopped(cause -> died("seen-deliveries", cause));
		mappings.whenStopped(cause -> died("call-ids", cause));
		logs.whenStopped(cause -> died("call-logs", cause));
		skipped("seen-deliveries", seen, SeenDeliveries::skipped);
		skipped("call-ids", mappings, CallIdResolver::skipped);
		skipped("call-logs", logs, LoggedCalls::skipped);
	}

	private <T> void skipped(String view, T source, ToDoubleFunction<T> count) {
		FunctionCounter.builder("ingress.views.skipped", source, count)
			.tag("view", view)
			.description("Records of a mirrored topic skipped because they could not be read")
			.register(this.registry);
	}

	private void died(String loop, Throwable cause) {
		log.error("The {} mirror stopped while the ingress runs: liveness DOWN, the platform should restart this "
				+ "instance", loop, cause);
		this.registry.counter("ingress.loops.died", "loop", loop).increment();
		AvailabilityChangeEvent.publish(this.events, this, LivenessState.BROKEN);
	}

}
