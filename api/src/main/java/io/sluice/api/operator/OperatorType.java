package io.sluice.api.operator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Names the operator type a component provides: {@code @OperatorType("tokenize")} on an
 * {@link OperatorFactory} component gives its service {@code sluice.operator.type=tokenize}. Names follow
 * the same rule as strategy names: lower-case letters, digits and '-'.
 */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface OperatorType {
    /** Prefix that, with the annotation's name, makes the property {@code sluice.operator.type}. */
    String PREFIX_ = "sluice.";

    String value();
}
