package org.callorchestrator.worker.intake;

import java.util.List;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.callorchestrator.schema.CallActionCommand;
import org.callorchestrator.schema.CallInitiateCommand;
import org.callorchestrator.schema.Topics;
import org.callorchestrator.worker.concurrency.BatchRollback;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The two command topics. Thin on purpose: each poll's records go to the {@link CommandPipeline} with their kind, as
 * one batch in one Kafka transaction. Records are consumed as raw bytes so that a dead letter keeps them byte for
 * byte. The poll size ({@code spring.kafka.consumer.max-poll-records}) bounds how many records are held at once; the
 * next poll waits until the batch is written, which is the back-pressure.
 */
@Component
class CommandListeners {

	private final CommandPipeline pipeline;

	private final CommandKind<CallInitiateCommand> initiate;

	private final CommandKind<CallActionCommand> action;

	private final BatchRollback rollback;

	CommandListeners(CommandPipeline pipeline, CommandKind<CallInitiateCommand> initiate,
			CommandKind<CallActionCommand> action, BatchRollback rollback) {
		this.pipeline = pipeline;
		this.initiate = initiate;
		this.action = action;
		this.rollback = rollback;
	}

	@KafkaListener(id = "call-worker-initiate", topics = Topics.CALL_INITIATE, batch = "true",
			concurrency = "${worker.listener.concurrency:1}")
	void onInitiates(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer) {
		this.pipeline.process(records, consumer, this.initiate);
		this.rollback.succeeded();
	}

	@KafkaListener(id = "call-worker-action", topics = Topics.CALL_ACTION, batch = "true",
			concurrency = "${worker.listener.concurrency:1}")
	void onActions(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer) {
		this.pipeline.process(records, consumer, this.action);
		this.rollback.succeeded();
	}

}
