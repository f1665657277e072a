package org.callorchestrator.replay;

import java.util.concurrent.TimeUnit;

/**
 * Spaces operations evenly at a rate (per second); no rate means no waiting. Not
 * thread-safe: one per replay.
 */
final class Pacer {

	private final long intervalNanos;

	private long next = System.nanoTime();

	Pacer(Double perSecond) {
		this.intervalNanos = (perSecond == null || perSecond <= 0) ? 0
				: (long) (TimeUnit.SECONDS.toNanos(1) / perSecond);
	}

	void awaitTurn() throws InterruptedException {
		if (this.intervalNanos == 0) {
			return;
		}
		long wait = this.next - System.nanoTime();
		if (wait > 0) {
			TimeUnit.NANOSECONDS.sleep(wait);
		}
		this.next = Math.max(this.next, System.nanoTime() - this.intervalNanos) + this.intervalNanos;
	}

}
