package org.callorchestrator.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.callorchestrator.schema.Topics;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code docker-compose.yml}, the Prometheus configuration and the Grafana dashboard say
 * only what the services can honour: every image they build exists, every variable they
 * set is one a service reads, every metric they chart is one a service publishes.
 */
class ComposeAndDashboardTest {

	static final Path ROOT = Path.of("..");

	static final List<String> SERVICES = List.of("vobiz-sandbox", "call-worker", "webhook-ingress", "log-poller",
			"call-state");

	@Test
	void composeRunsTheWholeSystemWithMonitoring() throws IOException {
		assertThat(services().keySet()).contains("kafka", "topics", "registry", "vobiz-sandbox", "call-worker",
				"webhook-ingress", "log-poller", "call-state", "kafka-exporter", "prometheus", "grafana");
	}

	@Test
	@SuppressWarnings("unchecked")
	void composeCreatesEveryContractTopicBeforeTheServicesStart() throws Exception {
		String command = String.join("\n", (List<String>) services().get("topics").get("command"));
		for (var field : Topics.class.getDeclaredFields()) {
			if (field.getType() == String.class) {
				String topic = (String) field.get(null);
				assertThat(command).as(topic).containsPattern("\\bt " + Pattern.quote(topic) + " ");
			}
		}
		assertThat(command).contains("t call.state 12 cleanup.policy=compact");
		for (String service : List.of("call-worker", "webhook-ingress", "log-poller", "call-state")) {
			assertThat(services().get(service).get("depends_on").toString()).as(service)
				.contains("topics={condition=service_completed_successfully}");
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void composeBuildsEveryServiceFromItsExecJarWithTheOneImageRecipe() throws IOException {
		String dockerfile = Files.readString(ROOT.resolve("deploy/docker/service.Dockerfile"));
		assertThat(dockerfile).contains("ARG SERVICE", "COPY services/${SERVICE}/target/${SERVICE}-*-exec.jar");
		assertThat(Files.readString(ROOT.resolve(".dockerignore"))).contains("!services/*/target/*-exec.jar");
		for (String service : SERVICES) {
			Map<String, Object> build = (Map<String, Object>) services().get(service).get("build");
			assertThat(build).as(service)
				.containsEntry("context", ".")
				.containsEntry("dockerfile", "deploy/docker/service.Dockerfile")
				.containsEntry("args", Map.of("SERVICE", service));
			assertThat(ROOT.resolve("services/" + service + "/pom.xml")).exists();
		}
	}

	@Test
	void composeSetsOnlyVariablesTheServicesRead() throws IOException {
		for (String service : SERVICES) {
			@SuppressWarnings("unchecked")
			Map<String, Object> environment = (Map<String, Object>) services().get(service).get("environment");
			String config = configOf(service);
			for (String variable : environment.keySet()) {
				boolean explicit = config.contains("${" + variable);
				boolean relaxed = variable
					.matches("(WORKER|INGRESS|POLLER|STATE|SANDBOX|SPRING|MANAGEMENT|LOGGING)_[A-Z_]+")
						|| variable.equals("JAVA_TOOL_OPTIONS");
				assertThat(explicit || relaxed).as(service + " reads " + variable).isTrue();
			}
		}
	}

	@Test
	void composeFileIsValidForDockerCompose() throws Exception {
		assumeTrue(onPath("docker-compose"), "docker-compose is not installed (Debian package docker-compose)");
		Process check = new ProcessBuilder("docker-compose", "-f", "docker-compose.yml", "config", "-q")
			.directory(ROOT.toFile())
			.redirectErrorStream(true)
			.start();
		String output = new String(check.getInputStream().readAllBytes());
		assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(check.exitValue()).as(output).isZero();
	}

	@Test
	void prometheusScrapesTheFourServicesAndLoadsTheAlerts() throws IOException {
		String prometheus = Files.readString(Path.of("prometheus/prometheus.yaml"));
		Map<String, Object> config = new Yaml().load(prometheus);
		assertThat(config).containsKeys("scrape_configs", "rule_files");
		assertThat(prometheus).contains("call-worker:8082", "webhook-ingress:8083", "log-poller:8084",
				"call-state:8085", "/actuator/prometheus", "alerts.yaml");
	}

	@Test
	void dashboardChartsOnlyMetricsTheServicesPublish() throws IOException {
		String dashboard = Files.readString(Path.of("grafana/dashboards/call-orchestrator.json"));
		Map<String, Object> json = new Yaml().load(dashboard);
		assertThat(json).containsEntry("uid", "call-orchestrator");
		Set<String> published = publishedMeters();
		Matcher metric = Pattern.compile("\\b((?:callworker|ingress|poller|callstate)_[a-z_]+)").matcher(dashboard);
		List<String> charted = new ArrayList<>();
		while (metric.find()) {
			charted.add(metric.group(1));
		}
		assertThat(charted).hasSizeGreaterThan(15)
			.allSatisfy(name -> assertThat(published).as(name).contains(meterOf(name)));
		assertThat(dashboard).contains("kafka_consumergroup_lag");
		for (String meter : List.of("callworker_commands", "callworker_dead_letters", "callworker_unknown_outcomes",
				"callworker_vobiz_requests", "callworker_records_in_flight", "ingress_deliveries", "ingress_publish",
				"poller_gaps", "poller_freshness", "callstate_transitions", "callstate_duplicates",
				"callstate_late_observations", "callstate_filled", "callstate_unmapped", "callstate_open_calls",
				"callstate_restore", "callstate_restoring_partitions")) {
			assertThat(charted).as(meter).anySatisfy(name -> assertThat(meterOf(name)).isEqualTo(meter));
		}
	}

	/**
	 * A Prometheus series name back to its meter: suffixes for counters, timers and
	 * summaries removed.
	 */
	static String meterOf(String series) {
		return series.replaceFirst("_(total|seconds_count|seconds_sum|seconds_max|seconds|count|sum|max|bucket)$", "");
	}

	/**
	 * Meter names registered anywhere in the services' code, in Prometheus form (dots to
	 * underscores).
	 */
	static Set<String> publishedMeters() throws IOException {
		Set<String> meters = new HashSet<>();
		Pattern name = Pattern.compile("\"((?:callworker|ingress|poller|callstate)\\.[a-z_.]+)\"");
		try (Stream<Path> files = Files.walk(ROOT.resolve("services"))) {
			for (Path file : files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("src/main"))
				.toList()) {
				Matcher found = name.matcher(Files.readString(file));
				while (found.find()) {
					meters.add(found.group(1).replace('.', '_'));
				}
			}
		}
		return meters;
	}

	static String configOf(String service) throws IOException {
		Path resources = ROOT.resolve("services/" + service + "/src/main/resources");
		StringBuilder all = new StringBuilder();
		try (Stream<Path> files = Files.list(resources)) {
			for (Path file : files.filter(f -> f.toString().endsWith(".yml")).toList()) {
				all.append(Files.readString(file));
			}
		}
		return all.toString();
	}

	@SuppressWarnings("unchecked")
	static Map<String, Map<String, Object>> services() throws IOException {
		try (Reader reader = Files.newBufferedReader(ROOT.resolve("docker-compose.yml"))) {
			Map<String, Object> compose = new Yaml().load(reader);
			return (Map<String, Map<String, Object>>) compose.get("services");
		}
	}

	static boolean onPath(String command) {
		String path = System.getenv("PATH");
		return path != null && Stream.of(path.split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
	}

}
