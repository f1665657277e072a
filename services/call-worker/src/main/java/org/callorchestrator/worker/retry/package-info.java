/** How long and how often a command may be retried: bounded by attempts and total time, Retry-After honoured. */
package org.callorchestrator.worker.retry;
