/**
 * A faithful stand-in for the Vobiz WhatsApp Calls API: the three endpoints with their
 * status codes, auth and error envelope; the call lifecycle and its signed webhooks; call
 * logs; fault injection and inspection for tests and benchmarks. Runnable alone
 * ({@code java -jar}) or embedded ({@link org.callorchestrator.sandbox.VobizSandbox}).
 */
@NullMarked
package org.callorchestrator.sandbox;

import org.jspecify.annotations.NullMarked;
