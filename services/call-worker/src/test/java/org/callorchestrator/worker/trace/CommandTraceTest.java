package org.callorchestrator.worker.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.callorchestrator.schema.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How a command's W3C trace context is taken from its record and given to what the worker
 * does for it, on the OpenTelemetry bridge as Boot wires it (a parent-based sampler
 * recording 10 % of the traces the worker starts, W3C propagation), without a broker.
 */
class CommandTraceTest {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String PARENT_ID = "00f067aa0ba902b7";

	private final SdkTracerProvider provider = SdkTracerProvider.builder()
		.setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(0.1)))
		.build();

	private final CommandTrace trace = trace(this.provider);

	@AfterEach
	void close() {
		this.provider.close();
	}

	@Test
	void continuesACommandsTraceInTheHeadersOfWhatIsWrittenForIt() {
		try (CommandTrace.Work work = this.trace.begin(record("00-" + TRACE_ID + "-" + PARENT_ID + "-01"),
				"initiate")) {
			String written = traceparent(work.headers());

			assertThat(written).startsWith("00-" + TRACE_ID + "-").endsWith("-01");
			assertThat(parentId(written)).as("the worker's own span, a child of the producer's")
				.hasSize(16)
				.isNotEqualTo(PARENT_ID);
		}
	}

	@Test
	void keepsTheTraceOfACommandItsProducerDidNotSample() {
		try (CommandTrace.Work work = this.trace.begin(record("00-" + TRACE_ID + "-" + PARENT_ID + "-00"), "action")) {
			assertThat(traceparent(work.headers())).startsWith("00-" + TRACE_ID + "-").endsWith("-00");
		}
	}

	@Test
	void startsATraceForACommandThatCameWithoutOne() {
		try (CommandTrace.Work work = this.trace.begin(record(null), "initiate")) {
			assertThat(traceparent(work.headers())).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]")
				.doesNotContain("00000000000000000000000000000000");
		}
	}

	@Test
	void givesTheCommandsSpanToTheRequestsMadeOnItsLaneWhileItIsWorkedOn() {
		List<String> duringWork = new ArrayList<>();
		List<String> afterWork = new ArrayList<>();
		String written;
		try (CommandTrace.Work work = this.trace.begin(record("00-" + TRACE_ID + "-" + PARENT_ID + "-01"), "action")) {
			written = traceparent(work.headers());
			this.trace.addTo((name, value) -> duringWork.add(name + ": " + value));
		}
		this.trace.addTo((name, value) -> afterWork.add(name + ": " + value));

		assertThat(duringWork).containsExactly("traceparent: " + written);
		assertThat(afterWork).as("no span is left current on the lane").isEmpty();
	}

	@Test
	void carriesNothingWithoutTracing() {
		CommandTrace none = CommandTrace.none();
		List<String> request = new ArrayList<>();
		try (CommandTrace.Work work = none.begin(record("00-" + TRACE_ID + "-" + PARENT_ID + "-01"), "initiate")) {
			none.addTo((name, value) -> request.add(name));
			assertThat(work.headers()).isEmpty();
		}
		assertThat(request).isEmpty();
	}

	private static CommandTrace trace(SdkTracerProvider provider) {
		Tracer tracer = provider.get("test");
		ContextPropagators propagators = ContextPropagators.create(W3CTraceContextPropagator.getInstance());
		return new CommandTrace(new OtelTracer(tracer, new OtelCurrentTraceContext(), event -> {
		}), new OtelPropagator(propagators, tracer));
	}

	private static ConsumerRecord<String, byte[]> record(String traceparent) {
		RecordHeaders headers = new RecordHeaders();
		if (traceparent != null) {
			headers.add(new RecordHeader("traceparent", traceparent.getBytes(StandardCharsets.UTF_8)));
		}
		return new ConsumerRecord<>(Topics.CALL_INITIATE, 0, 0L, 0L, TimestampType.CREATE_TIME, 0, 0, "cmd-1",
				new byte[0], headers, Optional.empty());
	}

	private static String traceparent(List<Header> headers) {
		Map<String, String> byName = new HashMap<>();
		headers.forEach(h -> byName.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
		assertThat(byName).containsKey("traceparent");
		return byName.get("traceparent");
	}

	private static String parentId(String traceparent) {
		return traceparent.split("-")[2];
	}

}
