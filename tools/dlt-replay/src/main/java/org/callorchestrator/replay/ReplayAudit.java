package org.callorchestrator.replay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.callorchestrator.schema.Topics;

/**
 * The audit trail on {@code call.replay.audit}: one JSON record per replayed dead letter
 * (who, when, which replay, which filter, the dead letter's position, the target). It is
 * also what makes a replay resumable: the positions already audited for a replay id are
 * skipped when that replay is run again.
 */
final class ReplayAudit {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final KafkaProducer<byte[], byte[]> producer;

	private final DeadLetterReader reader;

	ReplayAudit(KafkaProducer<byte[], byte[]> producer, DeadLetterReader reader) {
		this.producer = producer;
		this.reader = reader;
	}

	/** Dead-letter positions already replayed under {@code replayId}. */
	Set<String> replayedPositions(String replayId) {
		Set<String> positions = new HashSet<>();
		this.reader.read(List.of(Topics.REPLAY_AUDIT), record -> {
			try {
				JsonNode audit = JSON.readTree(record.record().value());
				if (replayId.equals(audit.path("replay_id").asText())) {
					positions.add(audit.path("source").asText());
				}
			}
			catch (IOException ex) {
				// not an audit record of ours
			}
		});
		return positions;
	}

	Future<RecordMetadata> record(String replayId, String operator, String filter, DeadLetter letter,
			Instant replayedAt, int replayCount) {
		Map<String, Object> audit = new LinkedHashMap<>();
		audit.put("replay_id", replayId);
		audit.put("operator", operator);
		audit.put("replayed_at", replayedAt.toString());
		audit.put("filter", filter);
		audit.put("source", letter.position());
		audit.put("target_topic", letter.originalTopic());
		audit.put("command_id", letter.commandId());
		audit.put("error_category", letter.category());
		audit.put("replay_count", replayCount);
		try {
			return this.producer.send(new ProducerRecord<>(Topics.REPLAY_AUDIT,
					replayId.getBytes(StandardCharsets.UTF_8), JSON.writeValueAsBytes(audit)));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
