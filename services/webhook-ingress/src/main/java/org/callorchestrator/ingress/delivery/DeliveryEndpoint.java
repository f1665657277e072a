package org.callorchestrator.ingress.delivery;

import io.micrometer.observation.ObservationPredicate;
import org.callorchestrator.ingress.IngressSettings;
import org.callorchestrator.ingress.metrics.IngressMetrics;
import org.callorchestrator.ingress.parsing.DeliveryParser;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Mounts the {@link DeliveryServlet} on {@value #PATH}, and keeps it out of the generic
 * {@code http.server.requests} observation: every delivery is already counted by outcome
 * and timed by {@code ingress.*}, and the observation cost several per cent of the CPU
 * per delivery. Other endpoints (actuator) are observed as usual.
 */
@Configuration(proxyBeanMethods = false)
class DeliveryEndpoint {

	static final String PATH = "/webhooks/vobiz";

	@Bean
	ServletRegistrationBean<DeliveryServlet> deliveryServlet(IngressSettings settings, DeliveryParser parser,
			DeliveryHandler handler, IngressMetrics metrics) {
		ServletRegistrationBean<DeliveryServlet> registration = new ServletRegistrationBean<>(
				new DeliveryServlet(settings, parser, handler, metrics), PATH);
		registration.setLoadOnStartup(1);
		return registration;
	}

	@Bean
	ObservationPredicate deliveriesNotObservedAsHttpRequests() {
		return (name, context) -> !(context instanceof ServerRequestObservationContext request
				&& PATH.equals(request.getCarrier().getRequestURI()));
	}

}
