package io.sluice.operators;

import io.sluice.api.operator.OperatorContext;
import io.sluice.api.operator.OperatorFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads operator parameters as they arrive from JSON. Every check returns the problem as the message a
 * job's author sees, so checks chain with {@link Optional#or}.
 */
final class Params {
    private Params() {
    }

    /**
     * An integer parameter: JSON gives Integer or Long, a Double for {@code 1e6}, and people write
     * {@code "1000"}; all are accepted if they hold an exact long. {@code null} for anything else.
     */
    static Long toLong(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Number || value instanceof String) {
            try {
                return new BigDecimal(value.toString().trim()).longValueExact();
            } catch (NumberFormatException | ArithmeticException e) {
                return null;
            }
        }
        return null;
    }

    /** A validated integer parameter, or {@code fallback} if it is absent. */
    static long getLong(Map<String, Object> params, String name, long fallback) {
        Object value = params.get(name);
        return value == null ? fallback : toLong(value);
    }

    /** The first parameter not in {@code known} (sorted, so the message does not depend on map order). */
    static Optional<String> unknown(Map<String, Object> params, String... known) {
        List<String> names = List.of(known);
        return params.keySet().stream().filter(name -> !names.contains(name)).sorted().findFirst()
                .map(name -> "unknown parameter '" + name + "' ("
                        + (known.length == 0 ? "this operator takes no parameters" : "known: " + String.join(", ", known))
                        + ")");
    }

    /** Problem unless parameter {@code name} is an integer in [min, max]; {@code mustBe} describes that range. */
    static Optional<String> integer(Map<String, Object> params, String name, long min, long max, String mustBe) {
        Object raw = params.get(name);
        Long value = toLong(raw);
        return value != null && value >= min && value <= max ? Optional.empty() : bad(name, mustBe, raw);
    }

    /** Like {@link #integer} but the parameter may be left out. */
    static Optional<String> optionalInteger(Map<String, Object> params, String name, long min, long max, String mustBe) {
        return params.get(name) == null ? Optional.empty() : integer(params, name, min, max, mustBe);
    }

    /** Problem unless parameter {@code name} is a non-blank string that is a valid path here. */
    static Optional<String> path(Map<String, Object> params, String name, String mustBe) {
        Object raw = params.get(name);
        if (raw instanceof String s && !s.isBlank()) {
            try {
                Path.of(s);
                return Optional.empty();
            } catch (InvalidPathException e) {
                // falls through to the message below
            }
        }
        return bad(name, mustBe, raw);
    }

    static Optional<String> bad(String name, String mustBe, Object raw) {
        return Optional.of("parameter '" + name + "' must be " + mustBe
                + (raw == null ? " (missing)" : " (got '" + raw + "')"));
    }

    /**
     * Why the file at {@code path} cannot be read, as {@code <absolute path> does not exist}, {@code is a directory},
     * {@code is not a regular file}, {@code is not readable} or {@code cannot be accessed}; empty if it can be read.
     * A relative path is taken against the working directory, and the message shows where that led.
     */
    static Optional<String> unreadableFile(Path path) {
        Path absolute = path.toAbsolutePath();
        String problem;
        if (Files.isRegularFile(absolute)) {
            problem = Files.isReadable(absolute) ? null : "is not readable";
        } else if (Files.isDirectory(absolute)) {
            problem = "is a directory";
        } else if (Files.exists(absolute)) {
            problem = "is not a regular file";
        } else if (Files.notExists(absolute)) {
            problem = "does not exist";
        } else {
            problem = "cannot be accessed"; // e.g. a folder on the way that may not be searched
        }
        return problem == null ? Optional.empty() : Optional.of(absolute + " " + problem);
    }

    /**
     * Why {@code path} cannot be used as an output directory: it exists and is not a directory or not writable,
     * or it does not exist and its nearest existing ancestor, where it would be created, is not a writable
     * directory. Empty if it can be used or made.
     */
    static Optional<String> unusableDirectory(Path path) {
        Path absolute = path.toAbsolutePath();
        if (Files.exists(absolute)) {
            if (!Files.isDirectory(absolute)) {
                return Optional.of(absolute + " exists and is not a directory");
            }
            return writable(absolute) ? Optional.empty() : Optional.of(absolute + " is not writable");
        }
        Path ancestor = absolute.getParent();
        while (ancestor != null && !Files.exists(ancestor)) {
            ancestor = ancestor.getParent();
        }
        String cannot = absolute + " cannot be created: ";
        if (ancestor == null) {
            return Optional.of(cannot + "none of its parent directories can be accessed");
        }
        if (!Files.isDirectory(ancestor)) {
            return Optional.of(cannot + ancestor + " is not a directory");
        }
        return writable(ancestor) ? Optional.empty() : Optional.of(cannot + ancestor + " is not writable");
    }

    /** Files can be made in the directory: it may be written and searched. */
    private static boolean writable(Path directory) {
        return Files.isWritable(directory) && Files.isExecutable(directory);
    }

    /** {@code parameter '<name>': <problem>} for the parameter, a non-blank valid path, if {@code check} finds one. */
    static Optional<String> pathProblem(Map<String, Object> params, String name, Function<Path, Optional<String>> check) {
        return check.apply(Path.of((String) params.get(name))).map(problem -> "parameter '" + name + "': " + problem);
    }

    /**
     * The context's parameters once the factory accepts them. The runtime validates when it compiles the job;
     * checking again here turns a bypassed check into a clear error instead of a NullPointerException.
     */
    static Map<String, Object> checked(OperatorFactory factory, OperatorContext context) {
        return checked(context, params -> factory.validate(params, context.parallelism()));
    }

    /** Like {@link #checked(OperatorFactory, OperatorContext)} with the checks of {@code validate}. */
    static Map<String, Object> checked(OperatorContext context, Function<Map<String, Object>, Optional<String>> validate) {
        validate.apply(context.params()).ifPresent(problem -> {
            throw new IllegalArgumentException("operator '" + context.operatorId() + "': " + problem);
        });
        return context.params();
    }
}
