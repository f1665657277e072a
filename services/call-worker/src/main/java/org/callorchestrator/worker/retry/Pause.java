package org.callorchestrator.worker.retry;

import java.time.Duration;

/**
 * The worker's one way to wait before another attempt: on the command's lane,
 * interruptible on shutdown.
 */
public final class Pause {

	private Pause() {
	}

	/**
	 * Waits {@code wait}; false, the thread's interrupt status kept, when interrupted
	 * first (shutdown).
	 */
	public static boolean interruptibly(Duration wait) {
		try {
			Thread.sleep(Math.max(0, wait.toMillis()));
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Waits {@code wait}; throws {@link IllegalStateException} when interrupted first
	 * (shutdown).
	 */
	public static void of(Duration wait) {
		try {
			Thread.sleep(Math.max(0, wait.toMillis()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting to retry", ex);
		}
	}

}
