package org.callorchestrator.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The build-time compatibility gate: every schema in {@code src/main/avro} must stay
 * BACKWARD compatible with its last released version in {@code src/baseline/avro} (a
 * reader on the new schema reads data written with the old one), which is the rule a
 * Confluent-compatible registry enforces by default. A breaking edit fails the build
 * here, with the incompatibilities spelled out, before it reaches a registry.
 *
 * <p>
 * To release a new version of a schema, copy it over its baseline in the same commit.
 */
class SchemaCompatibilityTest {

	static final Path CURRENT = Path.of("src/main/avro");

	static final Path BASELINE = Path.of("src/baseline/avro");

	@TestFactory
	Stream<DynamicTest> everySchemaIsBackwardCompatibleWithItsReleasedBaseline() throws IOException {
		List<Path> baselines = avscFiles(BASELINE);
		assertThat(baselines).as("baselines in %s", BASELINE.toAbsolutePath()).isNotEmpty();
		return baselines.stream().map(baseline -> DynamicTest.dynamicTest(baseline.getFileName().toString(), () -> {
			Path current = CURRENT.resolve(baseline.getFileName());
			assertThat(current).as("schema %s was released and must not be deleted", baseline.getFileName()).exists();
			assertBackwardCompatible(parse(CURRENT, current.getFileName().toString()),
					parse(BASELINE, baseline.getFileName().toString()));
		}));
	}

	static void assertBackwardCompatible(Schema reader, Schema writer) {
		SchemaCompatibility.SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(reader,
				writer);
		assertThat(result.getType())
			.as("%s is not BACKWARD compatible with its released baseline (src/baseline/avro): %s",
					reader.getFullName(),
					result.getResult()
						.getIncompatibilities()
						.stream()
						.map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
						.toList())
			.isEqualTo(SchemaCompatibilityType.COMPATIBLE);
	}

	static List<Path> avscFiles(Path dir) throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			return files.filter(f -> f.toString().endsWith(".avsc")).sorted().toList();
		}
	}

	/**
	 * Files whose named types (CallStatus, CallError, CallAction, ...) the other schemas
	 * refer to by name.
	 */
	static final List<String> IMPORTS = List.of("CallEvent.avsc", "CallActionCommand.avsc");

	/**
	 * {@code file} of {@code dir}, parsed after the schemas it refers to (the
	 * avro-maven-plugin's imports).
	 */
	static Schema parse(Path dir, String file) throws IOException {
		Schema.Parser parser = new Schema.Parser();
		for (String imported : IMPORTS) {
			if (imported.equals(file)) {
				break;
			}
			parser.parse(dir.resolve(imported).toFile());
		}
		return parser.parse(dir.resolve(file).toFile());
	}

}
