package org.callorchestrator.sandbox.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.callorchestrator.sandbox.SandboxSettings;
import org.callorchestrator.sandbox.api.VobizApiException;
import org.springframework.stereotype.Component;

/**
 * Applies the {@link FaultPlan} in force to a Calls API request: first latency, then an outage or an error fault
 * (raised before the request is applied), and afterwards tells whether the applied request must go unanswered.
 * Thread-safe; counted faults are used up atomically.
 */
@Component
public class FaultInjector {

	private final SandboxSettings settings;

	private volatile Active active;

	public FaultInjector(SandboxSettings settings) {
		this.settings = settings;
		this.active = new Active(FaultPlan.none(), 0, List.of(), List.of(), Map.of());
	}

	/** Replaces the plan; an outage starts now. */
	public synchronized void set(FaultPlan plan) {
		long outageUntil = (plan.outage() != null) ? System.nanoTime() + Duration.ofSeconds(plan.outage().seconds())
			.toNanos() : 0;
		List<AtomicInteger> errorBudgets = new ArrayList<>();
		plan.errors().forEach(e -> errorBudgets.add(new AtomicInteger((e.count() != null) ? e.count() : -1)));
		List<AtomicInteger> unansweredBudgets = new ArrayList<>();
		plan.unanswered().forEach(u -> unansweredBudgets.add(new AtomicInteger((u.count() != null) ? u.count() : -1)));
		Map<String, Integer> metaErrors = new HashMap<>(this.settings.metaErrors());
		metaErrors.putAll(plan.metaErrors());
		this.active = new Active(plan, outageUntil, errorBudgets, unansweredBudgets, metaErrors);
	}

	public FaultPlan plan() {
		return this.active.plan();
	}

	public void clear() {
		set(FaultPlan.none());
	}

	/** Sleeps the configured latency, then throws the error or outage answer due for {@code endpoint}, if any. */
	public void beforeApplying(String endpoint) {
		Active current = this.active;
		sleep(latency(current.plan()));
		if (current.outageUntil() != 0 && System.nanoTime() < current.outageUntil()
				&& matches(current.plan().outage().endpoint(), endpoint)) {
			int status = (current.plan().outage().status() != null) ? current.plan().outage().status() : 503;
			throw error(status, 1);
		}
		List<FaultPlan.ErrorFault> errors = current.plan().errors();
		for (int i = 0; i < errors.size(); i++) {
			FaultPlan.ErrorFault fault = errors.get(i);
			if (matches(fault.endpoint(), endpoint) && hits(fault.rate()) && take(current.errorBudgets().get(i))) {
				throw error(fault.status(), (fault.retryAfterSeconds() != null) ? fault.retryAfterSeconds() : 1);
			}
		}
	}

	/** Whether this applied request must go unanswered, and how. */
	public Optional<FaultPlan.Unanswered> unanswered(String endpoint) {
		Active current = this.active;
		List<FaultPlan.Unanswered> faults = current.plan().unanswered();
		for (int i = 0; i < faults.size(); i++) {
			FaultPlan.Unanswered fault = faults.get(i);
			if (matches(fault.endpoint(), endpoint) && hits(fault.rate())
					&& take(current.unansweredBudgets().get(i))) {
				return Optional.of(fault);
			}
		}
		return Optional.empty();
	}

	/** The Meta code an initiate to {@code number} fails with, if configured. */
	public Optional<Integer> metaErrorFor(String number) {
		return Optional.ofNullable(this.active.metaErrors().get(number));
	}

	private Duration latency(FaultPlan plan) {
		long fixed;
		long jitter;
		if (plan.latency() != null) {
			fixed = plan.latency().fixedMs();
			jitter = plan.latency().jitterMs();
		}
		else {
			fixed = this.settings.latency().fixed().toMillis();
			jitter = this.settings.latency().jitter().toMillis();
		}
		return Duration.ofMillis(fixed + ((jitter > 0) ? ThreadLocalRandom.current().nextLong(jitter + 1) : 0));
	}

	static VobizApiException error(int status, int retryAfterSeconds) {
		return switch (status) {
			case 429 -> VobizApiException.rateLimited(retryAfterSeconds);
			case 503 -> new VobizApiException(503, "SERVICE_UNAVAILABLE", "Service temporarily unavailable",
					Map.of(), retryAfterSeconds);
			default -> new VobizApiException(status, "INTERNAL_ERROR", "Internal server error (injected)", Map.of(),
					null);
		};
	}

	private static boolean matches(String configured, String endpoint) {
		return configured == null || "any".equals(configured) || configured.equals(endpoint);
	}

	private static boolean hits(Double rate) {
		return rate == null || rate >= 1.0 || ThreadLocalRandom.current().nextDouble() < rate;
	}

	private static boolean take(AtomicInteger budget) {
		if (budget.get() < 0) {
			return true;
		}
		return budget.getAndUpdate(left -> (left > 0) ? left - 1 : 0) > 0;
	}

	private static void sleep(Duration duration) {
		if (duration.isZero()) {
			return;
		}
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	record Active(FaultPlan plan, long outageUntil, List<AtomicInteger> errorBudgets,
			List<AtomicInteger> unansweredBudgets, Map<String, Integer> metaErrors) {
	}

}
