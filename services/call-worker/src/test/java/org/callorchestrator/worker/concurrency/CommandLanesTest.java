package org.callorchestrator.worker.concurrency;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.callorchestrator.worker.WorkerSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class CommandLanesTest {

	private final CommandLanes lanes = new CommandLanes(settings(8));

	@AfterEach
	void stop() {
		this.lanes.destroy();
	}

	@Test
	void runsTheItemsOfOneKeyOneAfterTheOtherInBatchOrder() {
		Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
		List<Integer> items = IntStream.range(0, 200).boxed().toList();
		this.lanes.run(items, i -> "key-" + (i % 5), i -> {
			seen.computeIfAbsent("key-" + (i % 5), k -> Collections.synchronizedList(new ArrayList<>())).add(i);
			return i;
		});
		seen.forEach((key, order) -> assertThat(order).isSorted().hasSize(40));
	}

	@Test
	void runsDifferentKeysAtTheSameTime() {
		CyclicBarrier allFourAtOnce = new CyclicBarrier(4);
		List<String> results = this.lanes.run(List.of("a", "b", "c", "d"), item -> item, item -> {
			try {
				allFourAtOnce.await(10, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				throw new IllegalStateException("lanes did not run at the same time", ex);
			}
			return item.toUpperCase();
		});
		assertThat(results).containsExactly("A", "B", "C", "D");
	}

	@Test
	void returnsTheResultsInTheBatchOrderWhateverOrderTheLanesFinishIn() {
		List<Integer> results = this.lanes.run(List.of(3, 1, 2, 0), i -> "k" + i, i -> {
			sleep(Duration.ofMillis(20L * i));
			return i * 10;
		});
		assertThat(results).containsExactly(30, 10, 20, 0);
	}

	@Test
	void neverRunsMoreItemsAtOnceThanMaxInFlight() {
		CommandLanes two = new CommandLanes(settings(2));
		java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
		java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
		two.run(IntStream.range(0, 20).boxed().toList(), i -> "k" + i, i -> {
			most.accumulateAndGet(running.incrementAndGet(), Math::max);
			sleep(Duration.ofMillis(5));
			running.decrementAndGet();
			return i;
		});
		two.destroy();
		assertThat(most.get()).isEqualTo(2);
	}

	@Test
	void failsTheWholeRunWhenALaneThrows() {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.lanes.run(List.of(1, 2), i -> "k" + i, i -> {
				if (i == 2) {
					throw new IllegalArgumentException("boom");
				}
				return i;
			}))
			.withMessageContaining("boom");
	}

	static WorkerSettings settings(int maxInFlight) {
		return new Binder(new MapConfigurationPropertySource(
				Map.of("worker.concurrency.max-in-flight", Integer.toString(maxInFlight))))
			.bindOrCreate("worker", WorkerSettings.class);
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
