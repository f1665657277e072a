package org.callorchestrator.worker.trace;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.jspecify.annotations.Nullable;

/**
 * The one place where the worker touches trace context (W3C {@code traceparent}, through
 * Micrometer Tracing's {@link Tracer} and {@link Propagator}; with Boot's OpenTelemetry
 * bridge in the application).
 *
 * <ul>
 * <li>{@link #begin}: a command's work is one span, a child of the {@code traceparent}
 * header of its record (a new trace when it has none), in scope on the lane while the
 * lane decides the command — Boot's MDC listener puts its {@code traceId} and
 * {@code spanId} in every log line written meanwhile.</li>
 * <li>{@link #addTo}: the Vobiz request made on the lane carries that span's context (a
 * {@code VobizRequestHeaders} hook of the Vobiz client).</li>
 * <li>{@link Work#headers}: the records written for the command (its result, its dead
 * letter when the record had no trace of its own) carry it too, so call-state's
 * transition continues the same trace.</li>
 * </ul>
 * What a command costs: parsing one header, starting and ending one span (not recorded
 * unless sampled: the trace id and span id exist either way, so propagation does not
 * depend on sampling), opening and closing its scope, and formatting its
 * {@code traceparent} twice. No span per Kafka record sent and no HTTP client span: a
 * header copy carries the context there. Thread-safe.
 */
public final class CommandTrace {

	private final Tracer tracer;

	private final Propagator propagator;

	public CommandTrace(Tracer tracer, Propagator propagator) {
		this.tracer = tracer;
		this.propagator = propagator;
	}

	/** No tracing (tests, tools that build the worker's parts without Spring). */
	public static CommandTrace none() {
		return new CommandTrace(Tracer.NOOP, Propagator.NOOP);
	}

	/**
	 * Starts the work on {@code record} on the current (lane) thread: its span is current
	 * until {@link Work#close} on the same thread.
	 * @param kind the command kind, which names the span ({@code initiate command})
	 */
	public Work begin(ConsumerRecord<?, ?> record, String kind) {
		Span span = this.propagator.extract(record.headers(), CommandTrace::lastValue)
			.name(kind + " command")
			.kind(Span.Kind.CONSUMER)
			.start();
		return new Work(span, this.tracer.withSpan(span), headersOf(span.context()));
	}

	/**
	 * Adds the current span's context ({@code traceparent}, and {@code tracestate} when
	 * it has one) to an outgoing request; nothing when no span is current.
	 */
	public void addTo(BiConsumer<String, String> header) {
		Span current = this.tracer.currentSpan();
		if (current != null) {
			this.propagator.inject(current.context(), header, CommandTrace::put);
		}
	}

	private List<Header> headersOf(TraceContext context) {
		List<Header> headers = new ArrayList<>(2);
		this.propagator.inject(context, headers, CommandTrace::add);
		return List.copyOf(headers);
	}

	private static @Nullable String lastValue(Headers headers, String name) {
		Header header = headers.lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static void put(@Nullable BiConsumer<String, String> header, String name, String value) {
		if (header != null) {
			header.accept(name, value);
		}
	}

	private static void add(@Nullable List<Header> headers, String name, String value) {
		if (headers != null) {
			headers.add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
		}
	}

	/**
	 * One command's span, current on its lane until closed (on the same thread), and the
	 * headers carrying it to the records written for the command.
	 */
	public static final class Work implements AutoCloseable {

		private final Span span;

		private final Tracer.SpanInScope scope;

		private final List<Header> headers;

		Work(Span span, Tracer.SpanInScope scope, List<Header> headers) {
			this.span = span;
			this.scope = scope;
			this.headers = headers;
		}

		/**
		 * The trace headers of the command's span ({@code traceparent}, maybe
		 * {@code tracestate}), for the records written for it; empty without tracing.
		 */
		public List<Header> headers() {
			return this.headers;
		}

		/** Leaves the span's scope and ends it. */
		@Override
		public void close() {
			this.scope.close();
			this.span.end();
		}

	}

}
