/** {@code GET /calls/{call_id}}: a call's snapshot from whichever instance owns it. */
@NullMarked
package org.callorchestrator.state.query;

import org.jspecify.annotations.NullMarked;
