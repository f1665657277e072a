package org.callorchestrator.ingress.delivery;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.jspecify.annotations.Nullable;

/**
 * The trace context of webhook deliveries (W3C {@code traceparent}, through Micrometer
 * Tracing's {@link Tracer} and {@link Propagator}; Boot's OpenTelemetry bridge in the
 * application). Each delivery is one span, a child of its HTTP request's
 * {@code traceparent} — Vobiz sends none today, so usually a new trace — current on the
 * request's thread while it is handled (its log lines carry {@code traceId} and
 * {@code spanId}); the observations it publishes carry the span's context
 * ({@link #headers}), so call-state's transitions continue the trace.
 *
 * <p>
 * The delivery endpoint stays out of Spring MVC's {@code http.server.requests}
 * observation ({@link DeliveryEndpoint}: its timer cost several per cent of the CPU per
 * delivery), so this span is the whole tracing cost of a delivery: one header parsed, one
 * span (recorded only when sampled), one {@code traceparent} formatted. Thread-safe.
 */
final class DeliveryTrace {

	private final Tracer tracer;

	private final Propagator propagator;

	DeliveryTrace(Tracer tracer, Propagator propagator) {
		this.tracer = tracer;
		this.propagator = propagator;
	}

	/** No tracing (tests that build the endpoint without Spring). */
	static DeliveryTrace none() {
		return new DeliveryTrace(Tracer.NOOP, Propagator.NOOP);
	}

	/**
	 * Starts the span of the delivery {@code request}, current on this thread until the
	 * returned scope is closed (on the same thread).
	 */
	Scope begin(HttpServletRequest request) {
		Span span = this.propagator.extract(request, HttpServletRequest::getHeader)
			.name("webhook delivery")
			.kind(Span.Kind.SERVER)
			.start();
		Tracer.SpanInScope scope = this.tracer.withSpan(span);
		return () -> {
			scope.close();
			span.end();
		};
	}

	/**
	 * The current span's context as record headers ({@code traceparent}, maybe
	 * {@code tracestate}) for the observations of the delivery handled on this thread;
	 * empty when no span is current.
	 */
	List<Header> headers() {
		Span current = this.tracer.currentSpan();
		if (current == null) {
			return List.of();
		}
		List<Header> headers = new ArrayList<>(2);
		this.propagator.inject(current.context(), headers, DeliveryTrace::add);
		return List.copyOf(headers);
	}

	private static void add(@Nullable List<Header> headers, String name, String value) {
		if (headers != null) {
			headers.add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
		}
	}

	/** A delivery's span in scope; closing it leaves the scope and ends the span. */
	@FunctionalInterface
	interface Scope {

		void close();

	}

}
