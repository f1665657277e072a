package org.callorchestrator.state.query;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.callorchestrator.schema.CallState;
import org.callorchestrator.state.StateSettings;
import org.callorchestrator.state.topology.StoreNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.streams.KafkaStreamsInteractiveQueryService;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /calls/{call_id}}: the call's snapshot as JSON ({@link Snapshots}), 404 for
 * a call this system does not know (or forgot after its retention), 503 with
 * {@code Retry-After} while the store is not queryable (a rebalance or a restore). Any
 * instance answers: the one that owns the call's partition reads its local store; another
 * forwards the request once to the owner named by Kafka Streams' metadata
 * ({@code application.server}).
 */
@RestController
class CallsController {

	static final String FORWARDED = "X-Call-State-Forwarded";

	private static final Logger log = LoggerFactory.getLogger(CallsController.class);

	private final KafkaStreamsInteractiveQueryService queries;

	private final StateSettings settings;

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	CallsController(KafkaStreamsInteractiveQueryService queries, StateSettings settings) {
		this.queries = queries;
		this.settings = settings;
	}

	@GetMapping(path = "/calls/{callId}", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<?> call(@PathVariable String callId,
			@RequestHeader(name = FORWARDED, required = false) String forwarded) {
		try {
			HostInfo owner = this.queries.getKafkaStreamsApplicationHostInfo(StoreNames.CALLS, callId,
					Serdes.String().serializer());
			if (forwarded == null && owner != null && !isMe(owner)) {
				return forward(owner, callId);
			}
			ReadOnlyKeyValueStore<String, CallState> store = this.queries.retrieveQueryableStore(StoreNames.CALLS,
					QueryableStoreTypes.keyValueStore());
			return Optional.ofNullable(store.get(callId))
				.<ResponseEntity<?>>map(state -> ResponseEntity.ok(Snapshots.json(state)))
				.orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
					.body(Map.of("error", "unknown call", "call_id", callId)));
		}
		catch (InvalidStateStoreException | IllegalStateException ex) {
			return unavailable("the call store is not queryable now (rebalancing or restoring): " + ex.getMessage());
		}
	}

	private boolean isMe(HostInfo owner) {
		HostInfo me = this.queries.getCurrentKafkaStreamsApplicationHostInfo();
		return me == null || me.equals(owner);
	}

	private ResponseEntity<?> forward(HostInfo owner, String callId) {
		URI uri = URI.create("http://" + owner.host() + ":" + owner.port() + "/calls/" + callId);
		try {
			HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri)
				.timeout(this.settings.forwardTimeout())
				.header(FORWARDED, "1")
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());
			return ResponseEntity.status(response.statusCode())
				.contentType(MediaType.APPLICATION_JSON)
				.body(response.body());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return unavailable("interrupted forwarding to " + owner);
		}
		catch (IOException ex) {
			log.warn("Could not forward GET /calls/{} to its owner {}: {}", callId, owner, ex.toString());
			return unavailable("the instance owning this call (" + owner + ") did not answer");
		}
	}

	private static ResponseEntity<?> unavailable(String why) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, "1")
			.body(Map.of("error", why));
	}

}
