package org.callorchestrator.ingress.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * A webhook delivery continues the trace of its HTTP request, or starts one, and its
 * observations carry it; on the OpenTelemetry bridge as Boot wires it, without a broker.
 */
class DeliveryTraceTest {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private final SdkTracerProvider provider = SdkTracerProvider.builder()
		.setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(0.1)))
		.build();

	private final DeliveryTrace trace = trace(this.provider);

	@AfterEach
	void close() {
		this.provider.close();
	}

	@Test
	void anObservationContinuesTheTraceOfItsDeliverysRequest() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", DeliveryEndpoint.PATH);
		request.addHeader("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01");

		DeliveryTrace.Scope scope = this.trace.begin(request);
		String published = traceparent(this.trace.headers());
		scope.close();

		assertThat(published).startsWith("00-" + TRACE_ID + "-").doesNotContain("00f067aa0ba902b7").endsWith("-01");
	}

	@Test
	void aDeliveryWithoutATraceStartsOne() {
		DeliveryTrace.Scope scope = this.trace.begin(new MockHttpServletRequest("POST", DeliveryEndpoint.PATH));
		String published = traceparent(this.trace.headers());
		scope.close();

		assertThat(published).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
		assertThat(this.trace.headers()).as("nothing current once the delivery is answered").isEmpty();
	}

	private static DeliveryTrace trace(SdkTracerProvider provider) {
		Tracer tracer = provider.get("test");
		ContextPropagators propagators = ContextPropagators.create(W3CTraceContextPropagator.getInstance());
		return new DeliveryTrace(new OtelTracer(tracer, new OtelCurrentTraceContext(), event -> {
		}), new OtelPropagator(propagators, tracer));
	}

	private static String traceparent(List<Header> headers) {
		assertThat(headers).extracting(Header::key).contains("traceparent");
		return headers.stream()
			.filter(h -> h.key().equals("traceparent"))
			.map(h -> new String(h.value(), StandardCharsets.UTF_8))
			.findFirst()
			.orElseThrow();
	}

}
