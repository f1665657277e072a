/**
 * Vobiz authentication: X-Auth-ID + X-Auth-Token, or a Bearer token; 401 when missing or
 * wrong.
 */
@NullMarked
package org.callorchestrator.sandbox.auth;

import org.jspecify.annotations.NullMarked;
