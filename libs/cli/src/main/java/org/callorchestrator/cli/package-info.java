/**
 * What the project's command-line tools share: {@link org.callorchestrator.cli.Verbosity}
 * keeps a tool's output to its own lines unless {@code --verbose} asks for the libraries'
 * log lines too.
 */
@NullMarked
package org.callorchestrator.cli;

import org.jspecify.annotations.NullMarked;
