package org.callorchestrator.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The AsyncAPI document ({@code src/main/asyncapi/asyncapi.yaml}) describes exactly the
 * contract in code: a channel per topic of {@link Topics}, every schema of
 * {@code src/main/avro} used as a payload, every header of {@link DeadLetterHeaders} and
 * every error category. A topic or schema changed without the document fails here.
 */
class AsyncApiContractTest {

	static final Path DOCUMENT = Path.of("src/main/asyncapi/asyncapi.yaml");

	@Test
	void hasAChannelForEveryTopicAndNoOther() throws Exception {
		Set<String> addresses = channels().values()
			.stream()
			.map(channel -> (String) channel.get("address"))
			.collect(Collectors.toCollection(TreeSet::new));
		assertThat(addresses).isEqualTo(new TreeSet<>(constants(Topics.class)));
	}

	@Test
	void usesEverySchemaAsAPayloadAndOnlyExistingOnes() throws Exception {
		Set<String> referenced = new TreeSet<>();
		messages().values().forEach(message -> {
			Object payload = message.get("payload");
			if (payload instanceof Map<?, ?> map && map.get("schema") instanceof Map<?, ?> schema
					&& schema.get("$ref") instanceof String ref) {
				referenced.add(Path.of(ref).getFileName().toString());
			}
		});
		Set<String> schemas;
		try (Stream<Path> files = Files.list(Path.of("src/main/avro"))) {
			schemas = files.map(f -> f.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
		}
		assertThat(referenced).isEqualTo(schemas);
		for (String file : referenced) {
			assertThat(DOCUMENT.getParent().resolve("../avro").resolve(file).normalize()).exists();
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void publishesTheValueSchemaOfEveryChannelWhosePayloadIsAvro() throws Exception {
		Map<String, String> documented = new TreeMap<>();
		Map<String, Map<String, Object>> messages = messages();
		// a dead letter is the original record's bytes: its schema id is the original
		// topic's
		channels().values()
			.stream()
			.filter(channel -> !((String) channel.get("address")).endsWith("-dlt"))
			.forEach(channel -> ((Map<String, Map<String, Object>>) channel.get("messages")).values()
				.forEach(reference -> {
					String name = Path.of((String) reference.get("$ref")).getFileName().toString();
					Object payload = messages.get(name).get("payload");
					if (payload instanceof Map<?, ?> map && map.get("schema") instanceof Map<?, ?> schema
							&& schema.get("$ref") instanceof String ref && ref.endsWith(".avsc")) {
						documented.put((String) channel.get("address"), Path.of(ref).getFileName().toString());
					}
				}));
		Map<String, String> published = new TreeMap<>();
		PublishedSchemas.byTopic().forEach((topic, schema) -> published.put(topic, schema.getName() + ".avsc"));
		assertThat(published).isNotEmpty().isEqualTo(documented);
	}

	@Test
	void documentsEveryDeadLetterHeaderAndErrorCategory() throws Exception {
		String text = Files.readString(DOCUMENT);
		for (String header : constants(DeadLetterHeaders.class)) {
			assertThat(text).as("header %s", header).contains(header + ":");
		}
		for (ErrorCategory category : ErrorCategory.values()) {
			assertThat(text).as("category %s", category).contains(category.name());
		}
	}

	@SuppressWarnings("unchecked")
	static Map<String, Map<String, Object>> channels() throws IOException {
		return (Map<String, Map<String, Object>>) document().get("channels");
	}

	@SuppressWarnings("unchecked")
	static Map<String, Map<String, Object>> messages() throws IOException {
		return (Map<String, Map<String, Object>>) ((Map<String, Object>) document().get("components")).get("messages");
	}

	static Map<String, Object> document() throws IOException {
		try (Reader reader = Files.newBufferedReader(DOCUMENT)) {
			Map<String, Object> document = new Yaml().load(reader);
			assertThat(document.get("asyncapi")).isEqualTo("3.0.0");
			return document;
		}
	}

	static List<String> constants(Class<?> type) throws IllegalAccessException {
		List<String> values = new ArrayList<>();
		for (Field field : type.getDeclaredFields()) {
			if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
				values.add((String) field.get(null));
			}
		}
		return values;
	}

}
