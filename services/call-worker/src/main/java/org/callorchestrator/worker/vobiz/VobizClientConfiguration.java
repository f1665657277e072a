package org.callorchestrator.worker.vobiz;

import java.time.Clock;

import org.callorchestrator.vobiz.VobizClient;
import org.callorchestrator.vobiz.VobizRequestGate;
import org.callorchestrator.vobiz.VobizSettings;
import org.callorchestrator.worker.WorkerSettings;
import org.callorchestrator.worker.concurrency.VobizPacer;
import org.callorchestrator.worker.metrics.WorkerMetrics;
import org.callorchestrator.worker.retry.VobizOutage;
import org.callorchestrator.worker.trace.CommandTrace;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One {@link VobizClient} for the worker: held during a {@link VobizOutage}, paced by
 * {@code worker.concurrency.rate-limit}, a command's request sent only up to its deadline
 * ({@link WorkerGate}), and the reconciliation's {@code GET /logs} searches held to
 * {@code worker.vobiz.logs-per-second} in front of all that (the log poller's ceiling,
 * {@link org.callorchestrator.vobiz.EndpointRateLimit}); every request carries the trace
 * context of the command it is made for ({@link CommandTrace#addTo}); the token comes
 * from {@code VOBIZ_AUTH_TOKEN} and is never logged.
 */
@Configuration(proxyBeanMethods = false)
class VobizClientConfiguration {

	@Bean
	VobizClient vobizClient(WorkerSettings settings, WorkerMetrics metrics, VobizOutage outage, Clock clock,
			CommandTrace trace) {
		VobizSettings vobiz = settings.vobiz();
		VobizRequestGate pacer = VobizPacer.of(settings.concurrency().rateLimit(), metrics, clock);
		return new VobizClient(vobiz.client(), (endpoint, status, latency, outcome) -> {
			metrics.vobizRequest(endpoint, statusClass(status), latency);
			outage.record(outcome, latency);
		}, vobiz.limitingLogs(new WorkerGate(outage, pacer, clock)), trace::addTo);
	}

	static String statusClass(int status) {
		if (status < 0) {
			return "io";
		}
		return (status == 429) ? "429" : (status / 100) + "xx";
	}

}
