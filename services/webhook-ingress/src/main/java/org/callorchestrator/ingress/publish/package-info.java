/** Building the WEBHOOK {@code CallEvent}s of a delivery and publishing them with acks=all. */
package org.callorchestrator.ingress.publish;
