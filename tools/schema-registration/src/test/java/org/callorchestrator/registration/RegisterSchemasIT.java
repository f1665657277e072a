package org.callorchestrator.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.callorchestrator.schema.CallLogRecord;
import org.callorchestrator.schema.PublishedSchemas;
import org.callorchestrator.testing.Infrastructure;
import org.callorchestrator.testing.RealInfrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The deploy step against the real registry (BACKWARD, as the tests' registry starts):
 * every published schema lands under its subject, a second run changes nothing, and a
 * schema the registry refuses ends the run with exit code 1 and one line naming the
 * subject.
 */
@RealInfrastructure
class RegisterSchemasIT {

	@Test
	void registersEveryPublishedSchemaUnderItsTopicsSubjectAndChangesNothingTheSecondTime(Infrastructure infra)
			throws Exception {
		Run first = Run.of("--schema-registry-url", infra.schemaRegistryUrl());
		Run second = Run.of("--schema-registry-url", infra.schemaRegistryUrl());

		assertThat(first.exit()).as(first.err()).isZero();
		assertThat(first.out()).startsWith("schema-registration: 7 schemas registered at " + infra.schemaRegistryUrl());
		String subjects = get(infra, "/subjects");
		PublishedSchemas.byTopic().keySet().forEach(topic -> assertThat(subjects).contains("\"" + topic + "-value\""));
		assertThat(second.exit()).as(second.err()).isZero();
		assertThat(second.out()).isEqualTo("schema-registration: 7 schemas registered at " + infra.schemaRegistryUrl()
				+ " (0 new, 7 already registered)\n");
		assertThat(second.err()).isEmpty();
		assertThat(get(infra, "/subjects/" + PublishedSchemas.byTopic().keySet().iterator().next() + "-value/versions"))
			.isEqualTo("[1]");
	}

	@Test
	void refusesASchemaIncompatibleWithTheSubjectsRegisteredOneWithExitCode1AndOneLine(Infrastructure infra,
			@TempDir Path dir) throws Exception {
		// subjects no other test uses (TopicRecordNameStrategy), one of them holding an
		// older CallLogRecord the published one cannot read (its id has no default)
		Path config = Files.writeString(dir.resolve("registry.properties"),
				"value.subject.name.strategy=TopicRecordNameStrategy\n");
		String subject = "call.logs-" + CallLogRecord.getClassSchema().getFullName();
		String older = "{\"type\":\"record\",\"name\":\"CallLogRecord\",\"namespace\":\"org.callorchestrator.schema\","
				+ "\"fields\":[{\"name\":\"unrelated\",\"type\":\"int\"}]}";
		HttpResponse<String> registered = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(infra.schemaRegistryUrl() + "/subjects/" + subject + "/versions"))
				.header("Content-Type", "application/vnd.schemaregistry.v1+json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"schema\":\"" + older.replace("\"", "\\\"") + "\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);

		Run run = Run.of("--schema-registry-url", infra.schemaRegistryUrl(), "--command-config", config.toString());

		assertThat(run.exit()).isEqualTo(1);
		assertThat(run.err().lines().toList()).singleElement(InstanceOfAssertFactories.STRING)
			.startsWith("schema-registration: refused: Subject " + subject + " refused "
					+ CallLogRecord.getClassSchema().getFullName())
			.contains("409");
		assertThat(run.out()).isEmpty();
	}

	private static String get(Infrastructure infra, String path) throws IOException, InterruptedException {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(infra.schemaRegistryUrl() + path)).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
	}

	/** One run of the tool in this JVM: its exit code and what it printed. */
	private record Run(int exit, String out, String err) {

		static Run of(String... args) {
			StringWriter out = new StringWriter();
			StringWriter err = new StringWriter();
			CommandLine commandLine = RegisterSchemas.commandLine();
			commandLine.setOut(new PrintWriter(out, true));
			commandLine.setErr(new PrintWriter(err, true));
			int exit = commandLine.execute(args);
			return new Run(exit, out.toString(), err.toString());
		}

	}

}
