package org.callorchestrator.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that talks to the real broker and registry. The first such class in
 * a test JVM starts them (see {@link Infrastructure}); test methods and constructors may
 * declare an {@link Infrastructure} parameter.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(RealInfrastructureExtension.class)
public @interface RealInfrastructure {

}
