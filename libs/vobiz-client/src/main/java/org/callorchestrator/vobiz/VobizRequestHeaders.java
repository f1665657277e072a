package org.callorchestrator.vobiz;

import java.util.function.BiConsumer;

/**
 * Adds headers of the caller's own to every request as it is built (e.g. a W3C
 * {@code traceparent}), so a service can propagate its context without this library
 * depending on a tracing API. Called on the thread that makes the request — for the
 * blocking methods the caller's, where its context is current — before the request waits
 * for the gate or a connection. It must be quick and must not throw; a header it adds
 * never replaces the client's own ({@code Accept}, {@code Content-Type}, credentials).
 */
@FunctionalInterface
public interface VobizRequestHeaders {

	/** No extra headers. */
	VobizRequestHeaders NONE = header -> {
	};

	/**
	 * @param header takes one header's name and value; may be called several times, or
	 * not at all
	 */
	void addTo(BiConsumer<String, String> header);

}
