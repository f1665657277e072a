/** Optional self-registration of the ingress's URL as the account's Vobiz webhook subscription. */
package org.callorchestrator.ingress.registration;
