/**
 * Tolerant reading of Vobiz deliveries: the envelope, then a payload that may be the full
 * WhatsApp webhook ({@code object, entry[].changes[].value}), {@code {value}} or a bare
 * value; statuses in any case.
 */
@NullMarked
package org.callorchestrator.ingress.parsing;

import org.jspecify.annotations.NullMarked;
