package org.callorchestrator.registration;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.callorchestrator.cli.RegistryOptions;
import org.callorchestrator.schema.PublishedSchemas;
import org.callorchestrator.serde.RegistryUnreachableException;
import org.callorchestrator.serde.SchemaRegistration;
import org.callorchestrator.serde.SchemaRegistryException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code schema-registration}: registers every published value schema
 * ({@link PublishedSchemas}, the {@code schemas} module's) under its topic's subject, the
 * deploy step before services that run with {@code auto.register.schemas=false}.
 * Idempotent: a schema its subject holds already is only looked up, so it runs on every
 * deploy. Quiet: one line on stdout when all is done, one line on stderr per subject the
 * registry refused. Exit codes: 0 every schema registered (now or before), 1 the registry
 * refused one (incompatible under its compatibility rule, or invalid), 2 usage error, 3
 * the registry did not answer or failed otherwise.
 */
@Command(name = "schema-registration", mixinStandardHelpOptions = true, version = "schema-registration 0.1.0",
		description = "Registers every published schema of call-orchestrator under its subject (<topic>-value), "
				+ "before services that do not auto-register. Idempotent.",
		exitCodeListHeading = "Exit codes:%n",
		exitCodeList = { "0:every schema registered (now or before)",
				"1:the registry refused a schema (incompatible or invalid)", "2:usage error",
				"3:the registry did not answer, or failed otherwise" })
public final class RegisterSchemas implements Callable<Integer> {

	/** Every schema is registered. */
	static final int DONE = 0;

	/** The registry refused a schema. */
	static final int REFUSED = 1;

	/** The registry did not answer, or failed otherwise. */
	static final int UNAVAILABLE = 3;

	@Spec
	CommandSpec spec;

	/**
	 * {@code --schema-registry-url}, {@code --command-config}: the services' registry
	 * settings (basic.auth.credentials.source, basic.auth.user.info,
	 * value.subject.name.strategy)
	 */
	@Mixin
	RegistryOptions registry = new RegistryOptions();

	@Option(names = { "-v", "--verbose" }, description = "One line per subject (its id, new or already registered)")
	boolean verbose;

	public static void main(String[] args) {
		System.exit(commandLine().execute(args));
	}

	/** The tool's command line, as {@link #main} runs it; tests set its writers. */
	public static CommandLine commandLine() {
		return new CommandLine(new RegisterSchemas());
	}

	@Override
	public Integer call() {
		PrintWriter out = this.spec.commandLine().getOut();
		PrintWriter err = this.spec.commandLine().getErr();
		SchemaRegistration registration;
		try {
			registration = new SchemaRegistration(settings());
		}
		catch (ConfigException ex) {
			throw new ParameterException(this.spec.commandLine(), ex.getMessage(), ex);
		}
		int added = 0;
		List<String> refused = new ArrayList<>();
		for (Map.Entry<String, Schema> published : PublishedSchemas.byTopic().entrySet()) {
			try {
				SchemaRegistration.Registered registered = registration.register(published.getKey(),
						published.getValue());
				added += registered.added() ? 1 : 0;
				if (this.verbose) {
					out.println(registered.subject() + " id=" + registered.id() + " "
							+ (registered.added() ? "registered" : "already registered"));
				}
			}
			catch (RegistryUnreachableException ex) {
				err.println("schema-registration: " + ex.getMessage());
				return UNAVAILABLE;
			}
			catch (SchemaRegistryException ex) {
				if (ex.status() != 409 && ex.status() != 422) {
					err.println("schema-registration: " + ex.getMessage());
					return UNAVAILABLE;
				}
				refused.add(registration.subject(published.getKey(), published.getValue()));
				err.println("schema-registration: refused: " + ex.getMessage());
			}
			catch (SerializationException ex) {
				err.println("schema-registration: " + ex.getMessage());
				return UNAVAILABLE;
			}
		}
		if (!refused.isEmpty()) {
			return REFUSED;
		}
		int total = PublishedSchemas.byTopic().size();
		out.println("schema-registration: " + total + " schemas registered at " + registration.registry() + " (" + added
				+ " new, " + (total - added) + " already registered)");
		return DONE;
	}

	private Map<String, Object> settings() {
		try {
			return this.registry.settings();
		}
		catch (RegistryOptions.UnreadableCommandConfig ex) {
			throw new ParameterException(this.spec.commandLine(), ex.getMessage(), ex);
		}
	}

}
