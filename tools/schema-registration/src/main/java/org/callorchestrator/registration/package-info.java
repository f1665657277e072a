/**
 * The schema-registration deploy step: registers every published value schema of the
 * contract under its topic's subject, before the services (which run with
 * {@code auto.register.schemas=false} in production) roll out.
 */
@NullMarked
package org.callorchestrator.registration;

import org.jspecify.annotations.NullMarked;
