/** What every Calls API answer shares: the Vobiz error envelope and the exceptions that produce it. */
package org.callorchestrator.sandbox.api;
