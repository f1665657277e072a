package org.callorchestrator.ingress.delivery;

import io.micrometer.observation.ObservationPredicate;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.callorchestrator.ingress.IngressSettings;
import org.callorchestrator.ingress.metrics.IngressMetrics;
import org.callorchestrator.ingress.parsing.DeliveryParser;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Mounts the {@link DeliveryServlet} on {@value #PATH}, and keeps it out of the generic
 * {@code http.server.requests} observation: every delivery is already counted by outcome
 * and timed by {@code ingress.*}, and the observation cost several per cent of the CPU
 * per delivery; its tracing is the {@link DeliveryTrace}'s one span per delivery. Other
 * endpoints (actuator) are observed as usual.
 */
@Configuration(proxyBeanMethods = false)
class DeliveryEndpoint {

	static final String PATH = "/webhooks/vobiz";

	@Bean
	ServletRegistrationBean<DeliveryServlet> deliveryServlet(IngressSettings settings, DeliveryParser parser,
			DeliveryHandler handler, IngressMetrics metrics, DeliveryTrace trace) {
		ServletRegistrationBean<DeliveryServlet> registration = new ServletRegistrationBean<>(
				new DeliveryServlet(settings, parser, handler, metrics, trace), PATH);
		registration.setLoadOnStartup(1);
		return registration;
	}

	/**
	 * On Boot's tracer and propagator; on Micrometer's no-op ones when tracing is off
	 * ({@code management.tracing.export.enabled=false}).
	 */
	@Bean
	DeliveryTrace deliveryTrace(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
		return new DeliveryTrace(tracer.getIfAvailable(() -> Tracer.NOOP),
				propagator.getIfAvailable(() -> Propagator.NOOP));
	}

	@Bean
	ObservationPredicate deliveriesNotObservedAsHttpRequests() {
		return (name, context) -> !(context instanceof ServerRequestObservationContext request
				&& PATH.equals(request.getCarrier().getRequestURI()));
	}

}
