package org.callorchestrator.serde.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.Schema;
import org.callorchestrator.serde.RegistryAuthenticationException;
import org.callorchestrator.serde.RegistryUnreachableException;
import org.callorchestrator.serde.SchemaNotRegisteredException;
import org.callorchestrator.serde.SchemaRegistryException;
import org.callorchestrator.serde.SchemaRegistrySerdeConfig;
import org.callorchestrator.serde.UnknownSchemaIdException;

/**
 * The three calls of the Confluent Schema Registry API the serde needs — register
 * ({@code POST /subjects/{s}/versions}), look up ({@code POST /subjects/{s}}, {@code GET
 * /subjects/{s}/versions/latest}) and fetch by id ({@code GET /schemas/ids/{id}}) —
 * behind caches, so a steady stream of records makes no HTTP call at all. A look-up the
 * registry answers 404 is a {@link SchemaNotRegisteredException} naming the subject.
 * Every request carries {@code Authorization: Basic} when credentials are configured; a
 * 401 or 403 is a {@link RegistryAuthenticationException}, thrown at once (the other URLs
 * are tried only when one does not answer). Thread-safe; credentials never appear in
 * messages.
 */
public final class SchemaRegistryClient {

	/**
	 * A schema as the registry holds it under a subject.
	 *
	 * @param id its id, as written in the wire format
	 * @param schema the schema
	 */
	public record Registered(int id, Schema schema) {
	}

	private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

	private static final ObjectMapper JSON = new ObjectMapper();

	private final SchemaRegistrySerdeConfig config;

	private final HttpClient http;

	private final String authorization;

	private final Map<Integer, Schema> schemasById;

	private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();

	private final Map<String, Registered> latestBySubject = new ConcurrentHashMap<>();

	public SchemaRegistryClient(SchemaRegistrySerdeConfig config) {
		this.config = config;
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(config.requestTimeout())
			.build();
		this.authorization = (config.userInfo() != null)
				? "Basic " + Base64.getEncoder().encodeToString(config.userInfo().getBytes(StandardCharsets.UTF_8))
				: null;
		this.schemasById = boundedMap(config.maxCachedSchemas());
	}

	/**
	 * The id of {@code schema} under {@code subject}, registering it when
	 * {@code register} is true.
	 */
	public int idOf(String subject, Schema schema, boolean register) {
		Map<Schema, Integer> ids = this.idsBySubject.computeIfAbsent(subject,
				s -> boundedMap(this.config.maxCachedSchemas()));
		Integer cached = ids.get(schema);
		if (cached != null) {
			return cached;
		}
		// One look-up per subject at a time: hundreds of threads serializing their first
		// record at once would
		// otherwise each ask the registry (measured: the registry refused them, "too many
		// concurrent streams").
		synchronized (ids) {
			cached = ids.get(schema);
			if (cached != null) {
				return cached;
			}
			String body = JSON.createObjectNode().put("schema", schema.toString()).toString();
			String path = "/subjects/" + encode(subject) + (register ? "/versions" : "");
			JsonNode answer;
			try {
				answer = call("POST", path, body);
			}
			catch (SchemaRegistryException ex) {
				if (!register && ex.status() == 404) {
					throw new SchemaNotRegisteredException(subject,
							"schema equal to the record's " + schema.getFullName(), registryName(), ex.errorCode());
				}
				throw ex;
			}
			int id = answer.path("id").asInt(-1);
			if (id < 0) {
				throw new SchemaRegistryException("Registry answered without an id for subject " + subject, 200, -1);
			}
			ids.put(schema, id);
			this.schemasById.putIfAbsent(id, schema);
			return id;
		}
	}

	/**
	 * Asks the registry once for something every client may read ({@code GET /config},
	 * the global compatibility level), so that wrong credentials fail where the serde is
	 * configured — a service at start-up, a tool at once — rather than on every record. A
	 * registry that does not answer, or answers with another error, is not this check's
	 * business: records will meet it (and say so) later.
	 * @throws RegistryAuthenticationException when the registry refuses the credentials
	 */
	public void checkCredentials() {
		try {
			call("GET", "/config", null);
		}
		catch (RegistryAuthenticationException ex) {
			throw ex;
		}
		catch (SchemaRegistryException | RegistryUnreachableException ex) {
			// not about the credentials
		}
	}

	/**
	 * The latest schema registered under {@code subject}, and its id; looked up once per
	 * subject (as Confluent's serializer, without expiry).
	 */
	public Registered latestOf(String subject) {
		return this.latestBySubject.computeIfAbsent(subject, s -> {
			JsonNode answer;
			try {
				answer = call("GET", "/subjects/" + encode(s) + "/versions/latest", null);
			}
			catch (SchemaRegistryException ex) {
				if (ex.status() == 404) {
					throw new SchemaNotRegisteredException(s, "version", registryName(), ex.errorCode());
				}
				throw ex;
			}
			int id = answer.path("id").asInt(-1);
			if (id < 0) {
				throw new SchemaRegistryException("Registry answered without an id for subject " + s, 200, -1);
			}
			Schema schema = new Schema.Parser().parse(answer.path("schema").asText());
			this.schemasById.putIfAbsent(id, schema);
			return new Registered(id, schema);
		});
	}

	/** The first registry URL, without credentials: for messages. */
	public String registryName() {
		return withoutUserInfo(this.config.registryUrls().get(0));
	}

	/** The schema registered with {@code id}. */
	public Schema schemaById(int id) {
		Schema cached = this.schemasById.get(id);
		if (cached != null) {
			return cached;
		}
		JsonNode answer;
		try {
			answer = call("GET", "/schemas/ids/" + id, null);
		}
		catch (SchemaRegistryException ex) {
			if (ex.status() == 404) {
				throw new UnknownSchemaIdException(id, registryName());
			}
			throw ex;
		}
		String type = answer.path("schemaType").asText("AVRO");
		if (!"AVRO".equalsIgnoreCase(type)) {
			throw new SchemaRegistryException("Schema id " + id + " is a " + type + " schema, not Avro", 200, -1);
		}
		Schema schema = new Schema.Parser().parse(answer.path("schema").asText());
		this.schemasById.putIfAbsent(id, schema);
		return schema;
	}

	private JsonNode call(String method, String path, String body) {
		IOException lastFailure = null;
		for (String base : this.config.registryUrls()) {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(withoutUserInfo(base) + path))
				.timeout(this.config.requestTimeout())
				.header("Accept", CONTENT_TYPE + ", application/json");
			if (this.authorization != null) {
				request.header("Authorization", this.authorization);
			}
			request.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
			if (body != null) {
				request.header("Content-Type", CONTENT_TYPE);
			}
			try {
				HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
				return parse(response, base, path);
			}
			catch (IOException ex) {
				lastFailure = ex;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new RegistryUnreachableException("Interrupted calling the schema registry", ex);
			}
		}
		throw new RegistryUnreachableException("Schema registry " + redacted() + " unreachable: " + lastFailure,
				lastFailure);
	}

	private JsonNode parse(HttpResponse<String> response, String base, String path) {
		JsonNode json;
		try {
			json = JSON.readTree(response.body());
		}
		catch (IOException ex) {
			json = JSON.createObjectNode();
		}
		if (response.statusCode() == 401 || response.statusCode() == 403) {
			throw new RegistryAuthenticationException(
					"Schema registry " + withoutUserInfo(base) + " answered " + response.statusCode()
							+ ((response.statusCode() == 401) ? " (Unauthorized)" : " (Forbidden)") + " to " + path
							+ " " + credentials() + ": check basic.auth.credentials.source and basic.auth.user.info",
					response.statusCode());
		}
		if (response.statusCode() / 100 != 2) {
			throw new SchemaRegistryException(
					"Schema registry " + withoutUserInfo(base) + " answered " + response.statusCode() + " to " + path
							+ ": error_code " + json.path("error_code").asInt(-1) + ", "
							+ json.path("message").asText(response.body()),
					response.statusCode(), json.path("error_code").asInt(-1));
		}
		return json;
	}

	/** Who the request claimed to be: the user name only, never the password. */
	private String credentials() {
		String userInfo = this.config.userInfo();
		if (userInfo == null) {
			return "without credentials";
		}
		int colon = userInfo.indexOf(':');
		return "for user '" + ((colon >= 0) ? userInfo.substring(0, colon) : userInfo) + "'";
	}

	private String redacted() {
		return this.config.registryUrls().stream().map(SchemaRegistryClient::withoutUserInfo).toList().toString();
	}

	static String withoutUserInfo(String url) {
		URI uri = URI.create(url);
		if (uri.getUserInfo() == null) {
			return url;
		}
		return url.replace(uri.getRawUserInfo() + "@", "");
	}

	private static String encode(String subject) {
		return URLEncoder.encode(subject, StandardCharsets.UTF_8);
	}

	private static <K, V> Map<K, V> boundedMap(int max) {
		return Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
				return size() > max;
			}
		});
	}

}
