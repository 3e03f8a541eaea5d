package io.sluice.api.plugin;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Names the strategy a component provides: put {@code @StrategyName("region")} on the component class and
 * the service carries {@code sluice.strategy.name=region}. Names are lower-case letters, digits and '-',
 * starting with a letter or digit; the runtime ignores (and logs) services with any other name.
 */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface StrategyName {
    /** Prefix that, with the annotation's name, makes the property {@code sluice.strategy.name}. */
    String PREFIX_ = "sluice.";

    /** The service property that carries a strategy's name. */
    String PROPERTY = "sluice.strategy.name";

    /** The pattern a valid name matches. */
    String PATTERN = "[a-z0-9][a-z0-9-]*";

    String value();
}
