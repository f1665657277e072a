package org.callorchestrator.worker.intake;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.callorchestrator.schema.CallActionCommand;
import org.callorchestrator.schema.CallInitiateCommand;
import org.callorchestrator.schema.Topics;
import org.callorchestrator.worker.metrics.WorkerMetrics;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The two command topics. Thin on purpose: each record goes to the {@link CommandPipeline} with its kind. Records are
 * consumed as raw bytes so that a dead letter keeps them byte for byte.
 */
@Component
class CommandListeners {

	private final CommandPipeline pipeline;

	private final CommandKind<CallInitiateCommand> initiate;

	private final CommandKind<CallActionCommand> action;

	private final WorkerMetrics metrics;

	CommandListeners(CommandPipeline pipeline, CommandKind<CallInitiateCommand> initiate,
			CommandKind<CallActionCommand> action, WorkerMetrics metrics) {
		this.pipeline = pipeline;
		this.initiate = initiate;
		this.action = action;
		this.metrics = metrics;
	}

	@KafkaListener(id = "call-worker-initiate", topics = Topics.CALL_INITIATE,
			concurrency = "${worker.listener.concurrency:1}")
	void onInitiate(ConsumerRecord<String, byte[]> record, Consumer<?, ?> consumer) {
		try (WorkerMetrics.InFlight inFlight = this.metrics.begin()) {
			this.pipeline.process(record, consumer, this.initiate);
		}
	}

	@KafkaListener(id = "call-worker-action", topics = Topics.CALL_ACTION,
			concurrency = "${worker.listener.concurrency:1}")
	void onAction(ConsumerRecord<String, byte[]> record, Consumer<?, ?> consumer) {
		try (WorkerMetrics.InFlight inFlight = this.metrics.begin()) {
			this.pipeline.process(record, consumer, this.action);
		}
	}

}
