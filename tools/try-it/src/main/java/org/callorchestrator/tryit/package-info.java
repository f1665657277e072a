/**
 * The try-it command line: the README's quick start in one line each. {@code call} and
 * {@code action} put commands on {@code call.initiate} / {@code call.action},
 * {@code watch} prints a command's result ({@code call.command-results}), its call's
 * transitions ({@code call.events}) and call logs ({@code call.logs}) one decoded line
 * per record, {@code inbound} has the Vobiz sandbox ring the business, {@code demo}
 * strings a whole outbound call together and ends with call-state's snapshot of it. Every
 * default points at {@code bin/local-stack}; every default can be overridden by an option
 * or an environment variable.
 */
@NullMarked
package org.callorchestrator.tryit;

import org.jspecify.annotations.NullMarked;
