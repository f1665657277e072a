package org.callorchestrator.worker.reconcile;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.serialization.Deserializer;
import org.callorchestrator.schema.Topics;
import org.callorchestrator.vobiz.VobizClient;
import org.callorchestrator.worker.WorkerSettings;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * The reconciler, and the call-log index it settles unknown outcomes from
 * ({@code worker.reconcile.use-index}); the index's reader takes its settings from Boot's
 * consumer factory (connection details and SSL bundle applied).
 */
@Configuration(proxyBeanMethods = false)
class ReconcileConfiguration {

	@Bean(initMethod = "start", destroyMethod = "close")
	@ConditionalOnProperty(name = "worker.reconcile.use-index", havingValue = "true", matchIfMissing = true)
	CallLogIndex callLogIndex(ConsumerFactory<?, ?> consumers, Deserializer<Object> avroDeserializer,
			WorkerSettings settings, Clock clock, MeterRegistry registry) {
		return new CallLogIndex(consumers.getConfigurationProperties(), avroDeserializer, Topics.CALL_LOGS,
				settings.reconcile().checkpointTopic(), settings.reconcile().indexRetention(), clock, registry);
	}

	@Bean
	OutcomeReconciler outcomeReconciler(VobizClient vobiz, WorkerSettings settings, ObjectProvider<CallLogIndex> index,
			Clock clock, MeterRegistry registry) {
		return new OutcomeReconciler(vobiz, settings, index.getIfAvailable(), clock, registry);
	}

}
