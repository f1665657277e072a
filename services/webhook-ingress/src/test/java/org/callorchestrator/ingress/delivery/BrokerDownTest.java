package org.callorchestrator.ingress.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.callorchestrator.ingress.IngressSettings;
import org.callorchestrator.ingress.mapping.CallIdResolver;
import org.callorchestrator.ingress.mapping.LoggedCalls;
import org.callorchestrator.ingress.metrics.IngressMetrics;
import org.callorchestrator.ingress.parsing.DeliveryParser;
import org.callorchestrator.ingress.publish.CallEventMapper;
import org.callorchestrator.vobiz.VobizSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * With no broker to acknowledge, a valid delivery is answered 503 (so Vobiz redelivers)
 * and is not remembered as seen, so the redelivery will be published. The real
 * components, pointed at a port where no broker listens.
 */
class BrokerDownTest {

	final IngressSettings settings = new IngressSettings(List.of("whsec"), 65536, Duration.ofSeconds(1),
			new IngressSettings.Dedup("seen", Duration.ofDays(1)),
			new IngressSettings.Mapping("ids", false, 1, Duration.ZERO, 1, Duration.ofDays(1), false,
					Duration.ofHours(1)),
			VobizSettings.of(URI.create("http://127.0.0.1:1"), null, null),
			new IngressSettings.Registration(false, null), new IngressSettings.OwnTopics(1, (short) 1));

	final KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(
			new DefaultKafkaProducerFactory<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1",
					ProducerConfig.MAX_BLOCK_MS_CONFIG, 500, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
					StringSerializer.class, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)));

	@AfterEach
	void close() {
		this.template.destroy();
	}

	@Test
	void answers503AndForgetsTheDeliveryWhenKafkaDoesNotAcknowledge() throws Exception {
		DefaultKafkaConsumerFactory<String, byte[]> kafka = new DefaultKafkaConsumerFactory<>(Map
			.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1", "schema.registry.url", "http://127.0.0.1:1"));
		IngressMetrics metrics = new IngressMetrics(new SimpleMeterRegistry());
		SeenDeliveries seen = new SeenDeliveries(this.settings, kafka, this.template, metrics, Clock.systemUTC());
		CallIdResolver resolver = new CallIdResolver(this.settings, kafka,
				new LoggedCalls(this.settings, kafka, Clock.systemUTC()), Optional.empty(), this.template, metrics,
				Clock.systemUTC());
		DeliveryHandler handler = new DeliveryHandler(seen, resolver, new CallEventMapper(Clock.systemUTC()),
				this.template, (topic, value) -> new byte[] { 0, 0, 0, 0, 1 }, this.settings, metrics,
				DeliveryTrace.none());
		DeliveryServlet servlet = new DeliveryServlet(this.settings, new DeliveryParser(), handler, metrics,
				DeliveryTrace.none());

		byte[] body = """
				{"event_id":"e-1","event_type":"call.connect","payload":{"value":{"calls":[{"id":"wacid.1",
				"event":"connect","direction":"USER_INITIATED","session":{"sdp_type":"offer","sdp":"v=0"}}]}}}"""
			.getBytes(StandardCharsets.UTF_8);
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/webhooks/vobiz");
		request.setContent(body);
		request.addHeader("X-Webhook-Signature", WebhookSignature.sign(body, "whsec"));

		MockHttpServletResponse response = new MockHttpServletResponse();
		servlet.service(request, response);

		assertThat(response.getStatus()).isEqualTo(503);
		assertThat((String) JsonPath.read(response.getContentAsString(), "$.status")).isEqualTo("error");
		assertThat((String) JsonPath.read(response.getContentAsString(), "$.error")).contains("retry later");
		assertThat(seen.contains("e-1")).as("not remembered: the redelivery must be published").isFalse();
	}

}
