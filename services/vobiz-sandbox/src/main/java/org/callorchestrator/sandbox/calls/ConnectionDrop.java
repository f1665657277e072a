package org.callorchestrator.sandbox.calls;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import org.callorchestrator.sandbox.faults.FaultPlan;

/**
 * "Applied, but the response never comes": the request was applied; the client gets
 * headers that promise a body and then a closed connection (mode reset), or first waits
 * {@code stall_seconds} for nothing (mode stall). Either way it cannot tell whether the
 * request was applied — an unknown outcome.
 */
final class ConnectionDrop {

	private ConnectionDrop() {
	}

	static void drop(HttpServletResponse response, FaultPlan.Unanswered fault) throws IOException {
		if (!"reset".equals(fault.mode())) {
			int seconds = (fault.stallSeconds() != null) ? fault.stallSeconds() : 30;
			try {
				Thread.sleep(seconds * 1000L);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		response.setStatus(200);
		response.setContentType("application/json");
		response.setContentLength(4096);
		response.getOutputStream().write('{');
		response.flushBuffer();
		throw new ConnectionDroppedException();
	}

	/**
	 * Aborts the exchange after the headers went out, so the server closes the connection
	 * mid-body.
	 */
	static final class ConnectionDroppedException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		ConnectionDroppedException() {
			super("connection dropped on purpose (sandbox fault)", null, false, false);
		}

	}

}
