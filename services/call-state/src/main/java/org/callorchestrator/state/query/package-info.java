/** {@code GET /calls/{call_id}}: a call's snapshot from whichever instance owns it. */
package org.callorchestrator.state.query;
