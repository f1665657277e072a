package org.callorchestrator.worker.concurrency;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.callorchestrator.worker.WorkerSettings;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs work concurrently while keeping the order of work that shares a key: a task starts
 * only once the previous task of its key has finished; tasks of different keys run in
 * parallel on at most {@code worker.concurrency.max-in-flight} threads, shared by every
 * consumer. A key's chain is forgotten as soon as its last task is done, so memory
 * follows the work in flight, not the number of keys ever seen. Tasks must not throw.
 */
@Component
public class KeyedLanes implements DisposableBean {

	private final ThreadPoolExecutor threads;

	private final ConcurrentHashMap<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

	public KeyedLanes(WorkerSettings settings) {
		int size = settings.concurrency().maxInFlight();
		// virtual threads are daemons; either kind is bounded by the pool's size, so at
		// most max-in-flight tasks run at once
		ThreadFactory factory = settings.concurrency().virtualThreads()
				? Thread.ofVirtual().name("command-lane-", 1).factory()
				: Thread.ofPlatform().name("command-lane-", 1).daemon(true).factory();
		this.threads = new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
		this.threads.allowCoreThreadTimeOut(true);
	}

	/** Runs {@code task} after every task submitted earlier with the same {@code key}. */
	public void submit(String key, Runnable task) {
		@SuppressWarnings("unchecked")
		CompletableFuture<Void>[] queued = (CompletableFuture<Void>[]) new CompletableFuture<?>[1];
		this.tails.compute(key, (k, tail) -> {
			queued[0] = (tail == null) ? CompletableFuture.runAsync(task, this.threads)
					: tail.handleAsync((done, failure) -> {
						task.run();
						return null;
					}, this.threads);
			return queued[0];
		});
		queued[0].whenComplete((done, failure) -> this.tails.remove(key, queued[0]));
	}

	/** Keys with work queued or running. */
	public int activeKeys() {
		return this.tails.size();
	}

	@Override
	public void destroy() {
		this.threads.shutdownNow();
	}

}
