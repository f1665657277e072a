package org.callorchestrator.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.callorchestrator.schema.CallAction;
import org.callorchestrator.schema.CallActionCommand;
import org.callorchestrator.schema.CallInitiateCommand;
import org.callorchestrator.schema.Topics;
import org.callorchestrator.serde.SchemaRegistryAvroSerializer;

/**
 * Produces the benchmark's commands: initiates with distinct numbers and SDP offers (so
 * that the sandbox's per-offer dial counts show any duplicate), and pre_accept → accept →
 * terminate sequences on inbound calls the sandbox starts. Remembers when each command
 * was sent.
 */
public final class CommandLoad implements AutoCloseable {

	static final String CHANNEL = "3f1c9b7e-2d4a-4f6b-9c8e-0a1b2c3d4e5f";

	private static final AtomicLong numbers = new AtomicLong(100_000_000);

	private static final Duration ACTION_DEADLINE = Duration.ofSeconds(45);

	private final KafkaProducer<String, Object> producer;

	private final String sandboxAdmin;

	private final HttpClient http = HttpClient.newHttpClient();

	private final Map<String, Long> sentNanos = new ConcurrentHashMap<>();

	private final Map<String, Long> sentMillis = new ConcurrentHashMap<>();

	private final Map<String, String> offers = new ConcurrentHashMap<>();

	private final String bootstrapServers;

	public CommandLoad(String bootstrapServers, String registryUrl, String sandboxAdmin) {
		this.bootstrapServers = bootstrapServers;
		this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, SchemaRegistryAvroSerializer.class,
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 2, "schema.registry.url",
				registryUrl));
		this.sandboxAdmin = sandboxAdmin;
	}

	/**
	 * Sends one valid initiate (a fresh number and a unique SDP offer); returns its
	 * command id and offer.
	 */
	public Initiate initiate() {
		String offer = "v=0\r\no=- " + UUID.randomUUID() + " 0 IN IP4 0.0.0.0\r\ns=bench\r\n";
		return new Initiate(initiate("+91" + numbers.incrementAndGet(), offer), offer);
	}

	/**
	 * Sends one valid initiate that must be dialled by {@code expiresAt} or never (its
	 * {@code expires_at}); returns its command id and offer.
	 */
	public Initiate initiate(Instant expiresAt) {
		String offer = "v=0\r\no=- " + UUID.randomUUID() + " 0 IN IP4 0.0.0.0\r\ns=bench\r\n";
		return new Initiate(initiate("+91" + numbers.incrementAndGet(), offer, expiresAt), offer);
	}

	/**
	 * Sends an initiate with the given number and offer (which may be invalid); returns
	 * its command id.
	 */
	public String initiate(String to, String sdpOffer) {
		return initiate(to, sdpOffer, null);
	}

	private String initiate(String to, String sdpOffer, Instant expiresAt) {
		String commandId = UUID.randomUUID().toString();
		this.offers.put(commandId, sdpOffer);
		send(Topics.CALL_INITIATE, commandId, commandId,
				CallInitiateCommand.newBuilder()
					.setCommandId(commandId)
					.setChannelId(CHANNEL)
					.setTo(to)
					.setSdpOffer(sdpOffer)
					.setRequestedAt(Instant.now())
					.setExpiresAt(expiresAt)
					.build());
		return commandId;
	}

	/**
	 * Sends one action command, keyed by its call; returns its command id. It carries an
	 * explicit {@code expires_at} as a producer that knows the ringing window would: the
	 * sandbox's ({@code sandbox.timing.answer-window}, 45 s; Meta documents 30–60 s)
	 * after it was requested. The worker's default for PRE_ACCEPT/ACCEPT, 30 s, is
	 * shorter than the pauses the crash scenarios cause (a rebalance after a kill -9
	 * takes up to ~40 s), and those scenarios measure recovery, not deadlines
	 * ({@code deadline-outage} does): an action later than 45 s would meet a call the
	 * sandbox no longer rings, with or without a deadline.
	 */
	public String action(String callId, CallAction action, String sdp) {
		String commandId = UUID.randomUUID().toString();
		Instant requestedAt = Instant.now();
		send(Topics.CALL_ACTION, callId, commandId,
				CallActionCommand.newBuilder()
					.setCommandId(commandId)
					.setChannelId(CHANNEL)
					.setCallId(callId)
					.setAction(action)
					.setSdp(sdp)
					.setRequestedAt(requestedAt)
					.setExpiresAt(requestedAt.plus(ACTION_DEADLINE))
					.build());
		return commandId;
	}

	private void send(String topic, String key, String commandId, Object command) {
		this.sentNanos.put(commandId, System.nanoTime());
		this.sentMillis.put(commandId, System.currentTimeMillis());
		this.producer.send(new ProducerRecord<>(topic, key, command));
	}

	/** Sends bytes that are not a command as they are. */
	public void raw(String topic, String key, byte[] value) {
		try (KafkaProducer<String, byte[]> bytes = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
				this.bootstrapServers, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
			bytes.send(new ProducerRecord<>(topic, key, value)).get();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not send raw bytes to " + topic, ex);
		}
	}

	/** Starts an inbound call at the sandbox; returns its call id. */
	public String inboundCall() {
		String body = "{\"channel_id\":\"" + CHANNEL + "\",\"from\":\"+91" + numbers.incrementAndGet()
				+ "\",\"sdp_offer\":\"v=0\\r\\ns=user\\r\\n\"}";
		try {
			HttpResponse<String> response = this.http
				.send(HttpRequest.newBuilder(URI.create(this.sandboxAdmin + "/inbound-calls"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(body))
					.build(), HttpResponse.BodyHandlers.ofString());
			return new ObjectMapper().readTree(response.body()).path("call_id").asText();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not start an inbound call at the sandbox", ex);
		}
	}

	/**
	 * Sends pre_accept, accept and terminate for {@code callId}, keyed by the call;
	 * returns their command ids.
	 */
	public List<String> actionSequence(String callId) {
		return List.of(action(callId, CallAction.PRE_ACCEPT, "v=0\r\ns=agent\r\n"),
				action(callId, CallAction.ACCEPT, "v=0\r\ns=agent\r\n"), action(callId, CallAction.TERMINATE, null));
	}

	public long sentMillis(String commandId) {
		return this.sentMillis.get(commandId);
	}

	public long sentNanos(String commandId) {
		return this.sentNanos.get(commandId);
	}

	/** Sends the faults plan (latency) to the sandbox. */
	public void sandboxFaults(String json) {
		try {
			this.http.send(HttpRequest.newBuilder(URI.create(this.sandboxAdmin + "/faults"))
				.header("Content-Type", "application/json")
				.PUT(HttpRequest.BodyPublishers.ofString(json))
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not set the sandbox's faults", ex);
		}
	}

	/** The SDP offer of an initiate this load sent, or null. */
	public String offerOf(String commandId) {
		return this.offers.get(commandId);
	}

	/** Calls the sandbox created for this SDP offer ({@code /sandbox/dials}). */
	public int callsCreated(String sdpOffer) {
		try {
			String body = this.http.send(HttpRequest
				.newBuilder(URI.create(
						this.sandboxAdmin + "/dials?sdp_offer=" + URLEncoder.encode(sdpOffer, StandardCharsets.UTF_8)))
				.build(), HttpResponse.BodyHandlers.ofString()).body();
			return new ObjectMapper().readTree(body).path("calls_created").asInt();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not read the sandbox's dial counts", ex);
		}
	}

	/**
	 * When the sandbox last received a create request for this SDP offer and last created
	 * a call for it (epoch milliseconds, 0 for never; {@code /sandbox/dials}).
	 */
	public Dials dials(String sdpOffer) {
		try {
			String body = this.http.send(HttpRequest
				.newBuilder(URI.create(
						this.sandboxAdmin + "/dials?sdp_offer=" + URLEncoder.encode(sdpOffer, StandardCharsets.UTF_8)))
				.build(), HttpResponse.BodyHandlers.ofString()).body();
			JsonNode json = new ObjectMapper().readTree(body);
			return new Dials(json.path("create_requests").asInt(), json.path("calls_created").asInt(),
					json.path("last_request_at").asLong(), json.path("last_created_at").asLong());
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not read the sandbox's dial counts", ex);
		}
	}

	/**
	 * @param requests create requests received for the offer
	 * @param created calls created for it
	 * @param lastRequestMillis when the last request arrived (0: never)
	 * @param lastCreatedMillis when the last call was created (0: never)
	 */
	public record Dials(int requests, int created, long lastRequestMillis, long lastCreatedMillis) {
	}

	/**
	 * SDP offers the sandbox created more than one call for, since it started
	 * ({@code /sandbox/dials/duplicates}).
	 */
	public long duplicateDialOffers() {
		try {
			String body = this.http
				.send(HttpRequest.newBuilder(URI.create(this.sandboxAdmin + "/dials/duplicates")).build(),
						HttpResponse.BodyHandlers.ofString())
				.body();
			return new ObjectMapper().readTree(body).path("items").size();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not read the sandbox's dial counts", ex);
		}
	}

	public void flush() {
		this.producer.flush();
	}

	@Override
	public void close() {
		this.producer.close(Duration.ofSeconds(5));
	}

	/**
	 * @param commandId the command's id
	 * @param sdpOffer its (unique) offer
	 */
	public record Initiate(String commandId, String sdpOffer) {
	}

}
