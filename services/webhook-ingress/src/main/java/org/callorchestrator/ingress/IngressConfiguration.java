package org.callorchestrator.ingress;

import java.util.Map;

import org.apache.kafka.common.serialization.Serializer;
import org.callorchestrator.schema.CallEvent;
import org.callorchestrator.schema.Topics;
import org.callorchestrator.serde.SchemaRegistryAvroSerializer;
import org.callorchestrator.serde.SchemasWritten;
import org.callorchestrator.vobiz.VobizClient;
import org.callorchestrator.vobiz.VobizRequestGate;
import org.callorchestrator.vobiz.VobizRequestListener;
import org.callorchestrator.vobiz.VobizSettings;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.ProducerFactory;

/**
 * The ingress's serde (its registry settings from Boot's producer factory, connection
 * details and SSL bundles applied), Vobiz client (only when credentials are configured;
 * its {@code GET /logs} look-ups held to {@code ingress.vobiz.logs-per-second}) and owned
 * topics: its observations topic ({@link Topics#WEBHOOK_OBSERVATIONS}, call-state's
 * input), and the dedup and mapping topics (compacted, and deleted after their retention
 * so that the in-memory mirrors stay bounded).
 */
@Configuration(proxyBeanMethods = false)
class IngressConfiguration {

	@Bean
	Serializer<Object> callEventSerializer(ProducerFactory<?, ?> producers) {
		SchemaRegistryAvroSerializer serializer = new SchemaRegistryAvroSerializer();
		serializer.configure(producers.getConfigurationProperties(), false);
		return serializer;
	}

	/**
	 * What the observations serializer writes: with auto-registration off, readiness
	 * waits for its schema (the {@code schemas} indicator).
	 */
	@Bean
	SchemasWritten observationSchemas(ProducerFactory<?, ?> producers) {
		return new SchemasWritten(producers.getConfigurationProperties(),
				Map.of(Topics.WEBHOOK_OBSERVATIONS, CallEvent.getClassSchema()));
	}

	@Bean
	@ConditionalOnExpression("'${ingress.vobiz.auth-id:}' != '' and '${ingress.vobiz.auth-token:}' != ''")
	VobizClient vobizClient(IngressSettings settings) {
		VobizSettings vobiz = settings.vobiz();
		return new VobizClient(vobiz.client(), VobizRequestListener.NONE, vobiz.limitingLogs(VobizRequestGate.OPEN));
	}

	@Bean
	KafkaAdmin.NewTopics ingressTopics(IngressSettings settings) {
		int partitions = settings.topics().partitions();
		short replicas = settings.topics().replicationFactor();
		return new KafkaAdmin.NewTopics(
				TopicBuilder.name(Topics.WEBHOOK_OBSERVATIONS).partitions(partitions).replicas(replicas).build(),
				TopicBuilder.name(settings.dedup().topic())
					.partitions(partitions)
					.replicas(replicas)
					.config("cleanup.policy", "compact,delete")
					.config("retention.ms", Long.toString(settings.dedup().retention().toMillis()))
					.build(),
				TopicBuilder.name(settings.mapping().topic())
					.partitions(partitions)
					.replicas(replicas)
					.config("cleanup.policy", "compact,delete")
					.config("retention.ms", Long.toString(settings.mapping().retention().toMillis()))
					.build());
	}

}
