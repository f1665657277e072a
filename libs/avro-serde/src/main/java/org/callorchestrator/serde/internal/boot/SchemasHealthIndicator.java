package org.callorchestrator.serde.internal.boot;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.common.errors.SerializationException;
import org.callorchestrator.serde.SchemasWritten;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code schemas} indicator, for a service's readiness group: DOWN while the registry
 * lacks a schema one of the service's {@link SchemasWritten} will look up (with
 * {@code auto.register.schemas=false}), naming the subjects — in the details and in one
 * WARN line per change of what is missing, not one per probe. Once every schema was found
 * it stays UP without asking again: the serializers cache the ids they found, so a schema
 * deleted later changes nothing for this instance. With auto-registration on it is UP at
 * once. Thread-safe.
 */
public final class SchemasHealthIndicator implements HealthIndicator {

	private static final Logger log = LoggerFactory.getLogger(SchemasHealthIndicator.class);

	private final List<SchemasWritten> written;

	private final AtomicReference<String> reported = new AtomicReference<>("");

	private volatile boolean found;

	public SchemasHealthIndicator(List<SchemasWritten> written) {
		this.written = List.copyOf(written);
	}

	@Override
	public Health health() {
		List<String> subjects = this.written.stream().flatMap(w -> w.subjects().stream()).toList();
		if (this.found) {
			return Health.up().withDetail("subjects", subjects).build();
		}
		List<String> missing = new ArrayList<>();
		try {
			this.written.forEach(w -> missing.addAll(w.missing()));
		}
		catch (SerializationException ex) {
			report("Readiness DOWN: cannot check the schemas of " + subjects + ": " + ex.getMessage());
			return Health.down().withDetail("subjects", subjects).withDetail("error", ex.getMessage()).build();
		}
		if (!missing.isEmpty()) {
			report("Readiness DOWN: schema registry " + this.written.get(0).registry()
					+ " has no schema for subject(s) " + String.join(", ", missing)
					+ " and auto.register.schemas=false: register the published schemas (bin/schema-registration, "
					+ "the schema-registration Job in deploy/k8s) before this service can write");
			return Health.down().withDetail("subjects", subjects).withDetail("missing", missing).build();
		}
		this.found = true;
		if (!this.reported.get().isEmpty()) {
			log.info("Readiness: every schema of {} is registered", subjects);
		}
		return Health.up().withDetail("subjects", subjects).build();
	}

	private void report(String line) {
		if (!line.equals(this.reported.getAndSet(line))) {
			log.warn(line);
		}
	}

}
