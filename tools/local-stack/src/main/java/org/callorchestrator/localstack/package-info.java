/** README command 1: the whole system on one machine with no Docker, stopped cleanly with Ctrl-C. */
package org.callorchestrator.localstack;
