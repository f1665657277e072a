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
 * Applies the {@link FaultPlan} in force to a Calls API request: first latency, then an
 * outage or an error fault (raised before the request is applied), and afterwards tells
 * whether the applied request must go unanswered; also tells the webhook dispatcher which
 * events to drop. Thread-safe; counted faults are used up atomically.
 */
@Component
public class FaultInjector {

	private final SandboxSettings settings;

	private volatile Active active;

	public FaultInjector(SandboxSettings settings) {
		this.settings = settings;
		this.active = new Active(FaultPlan.none(), 0, List.of(), List.of(), Map.of(), 0);
	}

	/** Replaces the plan; an outage (of the API or of the webhook sender) starts now. */
	public synchronized void set(FaultPlan plan) {
		validate(plan.webhookDrops());
		long outageUntil = (plan.outage() != null)
				? System.nanoTime() + Duration.ofSeconds(plan.outage().seconds()).toNanos() : 0;
		List<AtomicInteger> errorBudgets = new ArrayList<>();
		plan.errors().forEach(e -> errorBudgets.add(new AtomicInteger((e.count() != null) ? e.count() : -1)));
		List<AtomicInteger> unansweredBudgets = new ArrayList<>();
		plan.unanswered().forEach(u -> unansweredBudgets.add(new AtomicInteger((u.count() != null) ? u.count() : -1)));
		Map<String, Integer> metaErrors = new HashMap<>(this.settings.metaErrors());
		metaErrors.putAll(plan.metaErrors());
		long webhookDropsUntil = (plan.webhookDrops() != null && plan.webhookDrops().seconds() > 0)
				? System.nanoTime() + Duration.ofSeconds(plan.webhookDrops().seconds()).toNanos() : 0;
		this.active = new Active(plan, outageUntil, errorBudgets, unansweredBudgets, metaErrors, webhookDropsUntil);
	}

	public FaultPlan plan() {
		return this.active.plan();
	}

	public void clear() {
		set(FaultPlan.none());
	}

	/**
	 * Sleeps the configured latency, then throws the error or outage answer due for
	 * {@code endpoint}, if any.
	 */
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
			if (matches(fault.endpoint(), endpoint) && hits(fault.rate()) && take(current.unansweredBudgets().get(i))) {
				return Optional.of(fault);
			}
		}
		return Optional.empty();
	}

	/** The Meta code an initiate to {@code number} fails with, if configured. */
	public Optional<Integer> metaErrorFor(String number) {
		return Optional.ofNullable(this.active.metaErrors().get(number));
	}

	/**
	 * Whether the next webhook event of {@code callKey}'s call must be dropped (never
	 * attempted): during the sender's outage, when the call is among the
	 * {@code call_share} (a pure function of the call id, so all of a chosen call's
	 * events go and none of another's), or by the {@code share} draw.
	 */
	public boolean dropsWebhook(String callKey) {
		Active current = this.active;
		FaultPlan.WebhookDrops drops = current.plan().webhookDrops();
		if (drops == null) {
			return false;
		}
		if (current.webhookDropsUntil() != 0 && System.nanoTime() < current.webhookDropsUntil()) {
			return true;
		}
		if (drops.callShare() > 0 && callPosition(callKey) < drops.callShare()) {
			return true;
		}
		return drops.share() > 0 && ThreadLocalRandom.current().nextDouble() < drops.share();
	}

	/**
	 * Where {@code callKey} falls in [0, 1): FNV-1a 64 over its characters, then the
	 * MurmurHash3 finalizer, so call ids spread evenly whatever their format. Raising
	 * {@code call_share} only adds calls to the chosen ones.
	 */
	static double callPosition(String callKey) {
		long hash = 0xcbf29ce484222325L;
		for (int i = 0; i < callKey.length(); i++) {
			hash ^= callKey.charAt(i);
			hash *= 0x100000001b3L;
		}
		hash ^= hash >>> 33;
		hash *= 0xff51afd7ed558ccdL;
		hash ^= hash >>> 33;
		hash *= 0xc4ceb9fe1a85ec53L;
		hash ^= hash >>> 33;
		return (hash >>> 11) * 0x1.0p-53;
	}

	private static void validate(FaultPlan.WebhookDrops drops) {
		if (drops == null) {
			return;
		}
		List<Map<String, Object>> errors = new ArrayList<>();
		if (!(drops.callShare() >= 0 && drops.callShare() <= 1)) {
			errors.add(VobizApiException.fieldError("webhook_drops.call_share", "must be between 0 and 1",
					"OUT_OF_RANGE", drops.callShare()));
		}
		if (!(drops.share() >= 0 && drops.share() <= 1)) {
			errors.add(VobizApiException.fieldError("webhook_drops.share", "must be between 0 and 1", "OUT_OF_RANGE",
					drops.share()));
		}
		if (drops.seconds() < 0) {
			errors.add(VobizApiException.fieldError("webhook_drops.seconds", "must not be negative", "OUT_OF_RANGE",
					drops.seconds()));
		}
		if (!errors.isEmpty()) {
			throw VobizApiException.validation(errors);
		}
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
			case 503 -> new VobizApiException(503, "SERVICE_UNAVAILABLE", "Service temporarily unavailable", Map.of(),
					retryAfterSeconds);
			default ->
				new VobizApiException(status, "INTERNAL_ERROR", "Internal server error (injected)", Map.of(), null);
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
			List<AtomicInteger> unansweredBudgets, Map<String, Integer> metaErrors, long webhookDropsUntil) {
	}

}
