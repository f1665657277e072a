/**
 * What the project's command-line tools share, as picocli mixins:
 * {@link org.callorchestrator.cli.KafkaOptions} and
 * {@link org.callorchestrator.cli.RegistryOptions} (where the cluster and the registry
 * are, with the services' own client properties from {@code --command-config}) and
 * {@link org.callorchestrator.cli.Verbosity} (a tool's own lines only, unless
 * {@code --verbose}).
 */
@NullMarked
package org.callorchestrator.cli;

import org.jspecify.annotations.NullMarked;
