package org.callorchestrator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.streams.KafkaStreams;
import org.callorchestrator.schema.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * Every deployment file parses, and says what production needs: probes, resources,
 * disruption budgets, topics, alerts.
 */
class DeploymentManifestsTest {

	@Test
	void everyManifestParses() throws IOException {
		try (Stream<Path> files = Files.walk(Path.of("."))) {
			List<Path> yaml = files.filter(f -> f.toString().endsWith(".yaml") && !f.toString().contains("target"))
				.toList();
			assertThat(yaml).hasSizeGreaterThanOrEqualTo(6);
			for (Path file : yaml) {
				assertThat(documents(file)).as(file.toString()).isNotEmpty();
			}
		}
	}

	@Test
	void everyDeploymentHasProbesResourcesAndADisruptionBudget() throws IOException {
		List<Map<String, Object>> all = k8s();
		List<Map<String, Object>> deployments = all.stream()
			.filter(d -> "Deployment".equals(d.get("kind")) || "StatefulSet".equals(d.get("kind")))
			.toList();
		assertThat(deployments).extracting(d -> name(d))
			.containsExactlyInAnyOrder("call-worker", "webhook-ingress", "log-poller", "call-state");
		Set<String> budgets = all.stream()
			.filter(d -> "PodDisruptionBudget".equals(d.get("kind")))
			.map(DeploymentManifestsTest::name)
			.collect(Collectors.toSet());
		for (Map<String, Object> deployment : deployments) {
			Map<String, Object> container = container(deployment);
			assertThat(container).as(name(deployment)).containsKeys("startupProbe", "livenessProbe", "readinessProbe");
			assertThat(path(container, "readinessProbe")).isEqualTo("/actuator/health/readiness");
			assertThat(path(container, "livenessProbe")).isEqualTo("/actuator/health/liveness");
			@SuppressWarnings("unchecked")
			Map<String, Object> resources = (Map<String, Object>) container.get("resources");
			assertThat(resources).as(name(deployment)).containsKeys("requests", "limits");
			assertThat(budgets).contains(name(deployment));
			assertThat(container.toString()).doesNotContain("sandbox-token");
		}
		assertThat(all).anySatisfy(d -> assertThat(d.get("kind")).isEqualTo("ScaledObject"));
	}

	@Test
	@SuppressWarnings("unchecked")
	void callStateKeepsItsStoresOnAVolumeAndAdvertisesItsStablePodName() throws IOException {
		List<Map<String, Object>> all = k8s();
		Map<String, Object> statefulSet = all.stream()
			.filter(d -> "StatefulSet".equals(d.get("kind")) && "call-state".equals(name(d)))
			.findFirst()
			.orElseThrow();
		Map<String, Object> spec = (Map<String, Object>) statefulSet.get("spec");
		Map<String, Object> podSpec = (Map<String, Object>) ((Map<String, Object>) spec.get("template")).get("spec");
		Map<String, Object> container = container(statefulSet);
		Map<String, Map<String, Object>> env = new LinkedHashMap<>();
		for (Map<String, Object> variable : (List<Map<String, Object>>) container.get("env")) {
			env.put((String) variable.get("name"), variable);
		}

		// the stores on the pod's own volume, one claim per pod
		List<Map<String, Object>> claims = (List<Map<String, Object>>) spec.get("volumeClaimTemplates");
		assertThat(claims).hasSize(1);
		String claim = name(claims.get(0));
		Map<String, Object> mount = ((List<Map<String, Object>>) container.get("volumeMounts")).stream()
			.filter(m -> claim.equals(m.get("name")))
			.findFirst()
			.orElseThrow();
		assertThat((String) env.get("STATE_DIR").get("value")).startsWith((String) mount.get("mountPath"));
		assertThat(podSpec.get("securityContext").toString()).contains("fsGroup=1000");

		// application.server: the pod's DNS name through a headless Service that
		// publishes unready pods too
		String headless = (String) spec.get("serviceName");
		Map<String, Object> service = all.stream()
			.filter(d -> "Service".equals(d.get("kind")) && headless.equals(name(d)))
			.findFirst()
			.orElseThrow();
		assertThat((Map<String, Object>) service.get("spec")).containsEntry("clusterIP", "None")
			.containsEntry("publishNotReadyAddresses", true);
		assertThat(env.get("POD_NAME").toString()).contains("fieldPath=metadata.name");
		assertThat(env.get("POD_NAMESPACE").toString()).contains("fieldPath=metadata.namespace");
		assertThat((String) env.get("STATE_ADVERTISED_HOST").get("value"))
			.isEqualTo("$(POD_NAME)." + headless + ".$(POD_NAMESPACE).svc");
		assertThat(all).anySatisfy(d -> assertThat(d.get("kind") + "/" + name(d)).isEqualTo("Service/call-state"));

		// a Streams close (commit the transaction, checkpoint the stores) fits in the
		// grace period
		assertThat((Integer) podSpec.get("terminationGracePeriodSeconds")).isGreaterThanOrEqualTo(45);

		// standbys and internal-topic replication from the shared ConfigMap
		Map<String, Object> config = all.stream()
			.filter(d -> "ConfigMap".equals(d.get("kind")))
			.findFirst()
			.map(d -> (Map<String, Object>) d.get("data"))
			.orElseThrow();
		assertThat(config).containsEntry("STATE_STANDBY_REPLICAS", "1").containsEntry("STATE_REPLICATION_FACTOR", "3");
		for (String key : List.of("KAFKA_BOOTSTRAP_SERVERS", "SCHEMA_REGISTRY_URL", "STATE_STANDBY_REPLICAS",
				"STATE_REPLICATION_FACTOR")) {
			assertThat(env.get(key).toString()).as(key).contains("name=call-orchestrator", "key=" + key);
		}

		// every variable is one call-state reads, or a downward-API value another
		// variable uses
		String callStateConfig = ComposeAndDashboardTest.configOf("call-state");
		String values = env.values().toString();
		for (String variable : env.keySet()) {
			boolean explicit = callStateConfig.contains("${" + variable);
			boolean relaxed = variable.matches("(STATE_TOPICS|LOGGING)_[A-Z_]+")
					|| variable.equals("JAVA_TOOL_OPTIONS");
			boolean referenced = values.contains("$(" + variable + ")");
			assertThat(explicit || relaxed || referenced).as("call-state reads " + variable).isTrue();
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void theServicesLookTheirSchemasUpAndAJobRegistersThemFirst() throws IOException {
		List<Map<String, Object>> all = k8s();
		Map<String, Object> config = all.stream()
			.filter(d -> "ConfigMap".equals(d.get("kind")))
			.findFirst()
			.map(d -> (Map<String, Object>) d.get("data"))
			.orElseThrow();
		assertThat(config).containsEntry("AUTO_REGISTER_SCHEMAS", "false");
		List<Map<String, Object>> services = all.stream()
			.filter(d -> "Deployment".equals(d.get("kind")) || "StatefulSet".equals(d.get("kind")))
			.toList();
		assertThat(services).hasSize(4).allSatisfy(service -> {
			assertThat(container(service).get("env").toString()).as(name(service))
				.contains("name=AUTO_REGISTER_SCHEMAS, valueFrom={configMapKeyRef={name=call-orchestrator, "
						+ "key=AUTO_REGISTER_SCHEMAS}}");
			assertThat(ComposeAndDashboardTest.configOf(name(service))).as(name(service))
				.contains("auto.register.schemas: ${AUTO_REGISTER_SCHEMAS:true}")
				.containsPattern("include: readinessState,[a-z,]*schemas");
		});
		Map<String, Object> job = all.stream()
			.filter(d -> "Job".equals(d.get("kind")))
			.filter(d -> "schema-registration".equals(name(d)))
			.findFirst()
			.orElseThrow();
		Map<String, Object> container = container(job);
		assertThat((String) container.get("image")).contains("/schema-registration:");
		assertThat(container.get("env").toString()).contains("key=SCHEMA_REGISTRY_URL");
		assertThat(container).containsKey("resources");
		// a refused (incompatible) schema fails the Job at once; an unreachable registry
		// is
		// retried
		assertThat(((Map<String, Object>) job.get("spec")).get("podFailurePolicy").toString())
			.contains("action=FailJob", "values=[1, 2]");
	}

	@Test
	void definesEveryContractTopicAndEveryInternalOne() throws Exception {
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> topics = (List<Map<String, Object>>) documents(Path.of("topics.yaml")).get(0)
			.get("topics");
		Set<String> names = topics.stream().map(t -> (String) t.get("name")).collect(Collectors.toSet());
		for (var field : Topics.class.getDeclaredFields()) {
			if (field.getType() == String.class) {
				assertThat(names).contains((String) field.get(null));
			}
		}
		assertThat(names).contains("call-worker.command-outcomes", "webhook-ingress.seen-deliveries",
				"webhook-ingress.call-ids", "log-poller.checkpoint");
		assertThat(topics).filteredOn(t -> t.get("name").equals("call.logs"))
			.singleElement()
			.satisfies(t -> assertThat(t.get("config").toString()).contains("compact"));
		assertThat(topics).filteredOn(t -> t.get("name").equals(Topics.CALL_STATE))
			.singleElement()
			.satisfies(t -> assertThat(t.get("config").toString()).contains("cleanup.policy=compact"));
		assertThat(topics).allSatisfy(t -> assertThat(t.get("replicationFactor")).isEqualTo(3));
		// call-state joins its three inputs by key, partition by partition
		assertThat(topics)
			.filteredOn(t -> Set.of(Topics.CALL_COMMAND_RESULTS, Topics.WEBHOOK_OBSERVATIONS, Topics.CALL_LOGS)
				.contains(t.get("name")))
			.hasSize(3)
			.extracting(t -> t.get("partitions"))
			.containsOnly(12);
	}

	@Test
	void alertsUseOnlyMetricsTheServicesPublish() throws IOException {
		String rules = Files.readString(Path.of("prometheus/alerts.yaml"));
		assertThat(documents(Path.of("prometheus/alerts.yaml")).get(0)).containsKey("groups");
		Matcher metric = Pattern.compile("\\b([a-z_]+_(?:total|seconds_count|seconds|lag))\\b").matcher(rules);
		Set<String> known = Set.of("callworker_dead_letters_total", "callworker_unknown_outcomes_total",
				"callworker_vobiz_requests_seconds_count", "kafka_consumergroup_lag", "poller_gaps_total",
				"poller_skipped_total", "poller_freshness_seconds", "ingress_deliveries_total",
				"callstate_unmapped_total", "callstate_late_observations_total", "callstate_transitions_total",
				"kafka_stream_task_dropped_records_total", "callworker_reconcile_proof_age_seconds",
				"callworker_reconcile_skipped_total", "callworker_commands_expired_total");
		List<String> used = new ArrayList<>();
		while (metric.find()) {
			used.add(metric.group(1));
		}
		assertThat(used).isNotEmpty().allSatisfy(m -> assertThat(known).contains(m));
		for (String alert : List.of("DeadLettersGrowing", "UnknownOutcomesUnresolved", "VobizErrorRateHigh",
				"CommandConsumerLag", "LogPollerGaps", "CallStateDown", "CallStateNotRunning", "CallStateRestoringLong",
				"CallStateConsumerLag", "CallStateDroppedRecords", "UnmappedObservationsExpiring",
				"LateObservationsSurge", "CallWorkerReconciliationBlind", "CallWorkerIndexSkipping",
				"LogPollerSkipping", "CallWorkerCommandsExpiring")) {
			assertThat(rules).contains("alert: " + alert);
		}
	}

	@Test
	void callStateAlertsUseOnlyMetersCallStateAndKafkaStreamsPublish(@TempDir Path stateDir) throws IOException {
		String rules = Files.readString(Path.of("prometheus/alerts.yaml"));
		Set<String> callState = ComposeAndDashboardTest.publishedMeters();
		Set<String> streams = KafkaStreamsMeters.published(stateDir);
		assertThat(streams).contains("kafka_stream_client_state", "kafka_stream_alive_stream_threads",
				"kafka_stream_task_dropped_records_total");
		Matcher metric = Pattern.compile("\\b((?:callstate|kafka_stream)_[a-z_]+)").matcher(rules);
		List<String> used = new ArrayList<>();
		while (metric.find()) {
			used.add(metric.group(1));
		}
		assertThat(used).contains("callstate_restoring_partitions", "callstate_unmapped_total",
				"callstate_late_observations_total", "kafka_stream_client_state",
				"kafka_stream_task_dropped_records_total");
		for (String name : used) {
			if (name.startsWith("callstate_")) {
				assertThat(callState).as(name).contains(ComposeAndDashboardTest.meterOf(name));
			}
			else {
				assertThat(streams).as(name).contains(name);
			}
		}
		// kafka_stream_client_state is the client's KafkaStreams.State ordinal: the
		// alert's "!= 2" means not RUNNING
		assertThat(KafkaStreams.State.RUNNING.ordinal()).isEqualTo(2);
		assertThat(rules).contains("kafka_stream_client_state) != 2");
		assertThat(rules).contains("kafka_consumergroup_lag{consumergroup=\"call-state\"}");
	}

	static List<Map<String, Object>> k8s() throws IOException {
		List<Map<String, Object>> all = new ArrayList<>();
		try (Stream<Path> files = Files.list(Path.of("k8s"))) {
			for (Path file : files.toList()) {
				all.addAll(documents(file));
			}
		}
		return all;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> container(Map<String, Object> deployment) {
		Map<String, Object> spec = (Map<String, Object>) deployment.get("spec");
		Map<String, Object> template = (Map<String, Object>) spec.get("template");
		Map<String, Object> podSpec = (Map<String, Object>) template.get("spec");
		return ((List<Map<String, Object>>) podSpec.get("containers")).get(0);
	}

	@SuppressWarnings("unchecked")
	static String path(Map<String, Object> container, String probe) {
		return (String) ((Map<String, Object>) ((Map<String, Object>) container.get(probe)).get("httpGet")).get("path");
	}

	@SuppressWarnings("unchecked")
	static String name(Map<String, Object> document) {
		return (String) ((Map<String, Object>) document.get("metadata")).get("name");
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> documents(Path file) throws IOException {
		List<Map<String, Object>> documents = new ArrayList<>();
		try (Reader reader = Files.newBufferedReader(file)) {
			for (Object document : new Yaml().loadAll(reader)) {
				if (document != null) {
					documents.add((Map<String, Object>) document);
				}
			}
		}
		return documents;
	}

}
