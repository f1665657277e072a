package org.callorchestrator.worker.health;

import org.callorchestrator.worker.idempotency.CommandOutcomes;
import org.callorchestrator.worker.intake.CommandConsumers;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code consumers} indicator of the readiness group: UP once every command consumer
 * loop has joined its group (its first assignment, possibly empty, is in place) and the
 * outcome mirror is reading — "this instance can take work now". Before that (start-up,
 * or a worker that cannot reach its group) readiness is DOWN, so a rollout waits for it.
 */
@Component("consumers")
public class ConsumersReadiness implements HealthIndicator {

	private final CommandConsumers consumers;

	private final CommandOutcomes outcomes;

	public ConsumersReadiness(CommandConsumers consumers, CommandOutcomes outcomes) {
		this.consumers = consumers;
		this.outcomes = outcomes;
	}

	@Override
	public Health health() {
		int loops = this.consumers.loops();
		long joined = this.consumers.joined();
		boolean mirror = this.outcomes.mirrorReading();
		Health.Builder health = (loops > 0 && joined == loops && mirror) ? Health.up() : Health.down();
		return health.withDetail("loops", loops)
			.withDetail("joined", joined)
			.withDetail("outcomeMirrorReading", mirror)
			.build();
	}

}
