/**
 * Optional self-registration of the ingress's URL as the account's Vobiz webhook
 * subscription.
 */
@NullMarked
package org.callorchestrator.ingress.registration;

import org.jspecify.annotations.NullMarked;
