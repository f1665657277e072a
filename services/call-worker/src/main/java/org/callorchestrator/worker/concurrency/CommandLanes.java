package org.callorchestrator.worker.concurrency;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.callorchestrator.worker.WorkerSettings;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Works on a batch of items concurrently while keeping the order of items that share a key: items are grouped into
 * lanes by key (in batch order), each lane runs its items one after the other, and different lanes run in parallel on
 * at most {@code worker.concurrency.max-in-flight} threads shared by every listener. {@link #run} returns when every
 * lane is done, with the results in the batch's order. A batch with a single lane runs on the caller's thread.
 */
@Component
public class CommandLanes implements DisposableBean {

	private final ExecutorService threads;

	public CommandLanes(WorkerSettings settings) {
		int size = settings.concurrency().maxInFlight();
		AtomicInteger count = new AtomicInteger();
		this.threads = new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
			Thread thread = new Thread(task, "command-lane-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		((ThreadPoolExecutor) this.threads).allowCoreThreadTimeOut(true);
	}

	/**
	 * Applies {@code work} to every item, items of one key in order, keys in parallel.
	 * @param items the batch, in the order items of one key must be worked on
	 * @param key the lane of an item
	 * @param work what to do with one item; it should not throw (an exception fails the whole call)
	 * @return one result per item, in the items' order
	 */
	public <T, R> List<R> run(List<T> items, Function<T, String> key, Function<T, R> work) {
		Map<String, List<Integer>> lanes = new LinkedHashMap<>();
		for (int i = 0; i < items.size(); i++) {
			lanes.computeIfAbsent(key.apply(items.get(i)), k -> new ArrayList<>()).add(i);
		}
		List<R> results = new ArrayList<>(items.size());
		for (int i = 0; i < items.size(); i++) {
			results.add(null);
		}
		if (lanes.size() <= 1) {
			for (int i = 0; i < items.size(); i++) {
				results.set(i, work.apply(items.get(i)));
			}
			return results;
		}
		List<CompletableFuture<Void>> running = new ArrayList<>(lanes.size());
		for (List<Integer> lane : lanes.values()) {
			running.add(CompletableFuture.runAsync(() -> {
				for (int index : lane) {
					results.set(index, work.apply(items.get(index)));
				}
			}, this.threads));
		}
		try {
			CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while the batch's lanes were running", ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("A command lane failed: " + ex.getCause(), ex.getCause());
		}
		return results;
	}

	@Override
	public void destroy() {
		this.threads.shutdown();
	}

}
