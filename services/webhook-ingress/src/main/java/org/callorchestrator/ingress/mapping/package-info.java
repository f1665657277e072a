/**
 * From Meta's wacid (all a webhook carries) to Vobiz's call_id (the key of the call's events): a compacted topic of
 * mappings shared by every instance, filled from Vobiz's call logs (which carry both ids) on a miss.
 */
package org.callorchestrator.ingress.mapping;
