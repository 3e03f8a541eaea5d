/**
 * The built-in operator types: {@code sequence-source} and {@code text-source} produce records;
 * {@code tokenize}, {@code identity}, {@code to-pair}, the keyed {@code sum}, {@code rolling-sum} and
 * {@code count}, and the failure-injecting {@code fail} transform them; {@code file-sink},
 * {@code print-sink} and {@code discard-sink} consume them. Each type is one
 * {@link io.sluice.api.operator.OperatorFactory} component named by
 * {@link io.sluice.api.operator.OperatorType}; the package is private, so jobs reach the operators only
 * through those services, and a newer version of this bundle can replace them while the cluster runs.
 */
package io.sluice.operators;
