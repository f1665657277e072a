package org.callorchestrator.worker.reconcile;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.serialization.Deserializer;
import org.callorchestrator.schema.Topics;
import org.callorchestrator.vobiz.VobizClient;
import org.callorchestrator.worker.WorkerSettings;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The reconciler, and the call-log index it settles unknown outcomes from ({@code worker.reconcile.use-index}). */
@Configuration(proxyBeanMethods = false)
class ReconcileConfiguration {

	@Bean(initMethod = "start", destroyMethod = "close")
	@ConditionalOnProperty(name = "worker.reconcile.use-index", havingValue = "true", matchIfMissing = true)
	CallLogIndex callLogIndex(KafkaProperties kafka, Deserializer<Object> avroDeserializer, WorkerSettings settings,
			Clock clock, MeterRegistry registry) {
		return new CallLogIndex(kafka.buildConsumerProperties(), avroDeserializer, Topics.CALL_LOGS,
				settings.reconcile().checkpointTopic(), settings.reconcile().indexRetention(), clock, registry);
	}

	@Bean
	OutcomeReconciler outcomeReconciler(VobizClient vobiz, WorkerSettings settings, ObjectProvider<CallLogIndex> index,
			Clock clock, MeterRegistry registry) {
		return new OutcomeReconciler(vobiz, settings, index.getIfAvailable(), clock, registry);
	}

}
