package org.callorchestrator.worker.trace;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The worker's {@link CommandTrace}, on Boot's tracer and propagator (OpenTelemetry
 * bridge, W3C trace context); without them (tracing turned off,
 * {@code management.tracing.export.enabled=false}) on Micrometer's no-op ones: commands
 * are then worked on and written without trace context.
 */
@Configuration(proxyBeanMethods = false)
class TraceConfiguration {

	@Bean
	CommandTrace commandTrace(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
		return new CommandTrace(tracer.getIfAvailable(() -> Tracer.NOOP),
				propagator.getIfAvailable(() -> Propagator.NOOP));
	}

}
