package org.callorchestrator.worker.concurrency;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.callorchestrator.worker.WorkerSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class KeyedLanesTest {

	private final KeyedLanes lanes = new KeyedLanes(settings(8));

	@AfterEach
	void stop() {
		this.lanes.destroy();
	}

	@Test
	void runsTheTasksOfOneKeyOneAfterTheOtherInSubmissionOrder() throws Exception {
		Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
		CountDownLatch done = new CountDownLatch(500);
		for (int i = 0; i < 500; i++) {
			int item = i;
			String key = "call-" + (i % 7);
			this.lanes.submit(key, () -> {
				seen.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>())).add(item);
				done.countDown();
			});
		}
		assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
		seen.values().forEach(order -> assertThat(order).isSorted());
		assertThat(seen.values().stream().mapToInt(List::size).sum()).isEqualTo(500);
	}

	@Test
	void runsTasksOfDifferentKeysAtTheSameTime() throws Exception {
		CyclicBarrier allFourAtOnce = new CyclicBarrier(4);
		CountDownLatch met = new CountDownLatch(4);
		for (String key : List.of("a", "b", "c", "d")) {
			this.lanes.submit(key, () -> {
				try {
					allFourAtOnce.await(10, TimeUnit.SECONDS);
					met.countDown();
				}
				catch (Exception ex) {
					// not all four ran at once: met stays above zero
				}
			});
		}
		assertThat(met.await(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void neverRunsMoreTasksAtOnceThanMaxInFlight() throws Exception {
		List<Thread> ranOn = Collections.synchronizedList(new ArrayList<>());

		assertThat(mostAtOnceOfTwentyTasks(new KeyedLanes(settings(2)), ranOn)).isEqualTo(2);
		assertThat(ranOn).noneMatch(Thread::isVirtual);
	}

	@Test
	void runsTasksOnVirtualThreadsWhenAskedStillAtMostMaxInFlightAtOnce() throws Exception {
		KeyedLanes virtual = new KeyedLanes(new Binder(new MapConfigurationPropertySource(
				Map.of("worker.concurrency.max-in-flight", "2", "worker.concurrency.virtual-threads", "true")))
			.bindOrCreate("worker", WorkerSettings.class));
		List<Thread> ranOn = Collections.synchronizedList(new ArrayList<>());

		assertThat(mostAtOnceOfTwentyTasks(virtual, ranOn)).isEqualTo(2);
		assertThat(ranOn).hasSize(20).allMatch(Thread::isVirtual);
	}

	/**
	 * Runs twenty 5 ms tasks of twenty keys on {@code lanes} (then destroys them), noting
	 * each task's thread; returns how many ran at once at most.
	 */
	private static int mostAtOnceOfTwentyTasks(KeyedLanes lanes, List<Thread> ranOn) throws InterruptedException {
		AtomicInteger running = new AtomicInteger();
		AtomicInteger most = new AtomicInteger();
		CountDownLatch done = new CountDownLatch(20);
		for (int i = 0; i < 20; i++) {
			lanes.submit("k" + i, () -> {
				ranOn.add(Thread.currentThread());
				most.accumulateAndGet(running.incrementAndGet(), Math::max);
				sleep(5);
				running.decrementAndGet();
				done.countDown();
			});
		}
		assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
		lanes.destroy();
		return most.get();
	}

	@Test
	void forgetsAKeyOnceItsLastTaskIsDone() throws Exception {
		CountDownLatch done = new CountDownLatch(1);
		this.lanes.submit("call-1", done::countDown);
		assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
		await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(this.lanes.activeKeys()).isZero());
	}

	static WorkerSettings settings(int maxInFlight) {
		return new Binder(new MapConfigurationPropertySource(
				Map.of("worker.concurrency.max-in-flight", Integer.toString(maxInFlight))))
			.bindOrCreate("worker", WorkerSettings.class);
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
