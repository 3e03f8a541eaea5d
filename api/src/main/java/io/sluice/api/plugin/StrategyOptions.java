package io.sluice.api.plugin;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The options handed to a strategy, as text keyed by name (the part after the strategy's prefix, e.g.
 * {@code attempts} for {@code restart.attempts}), with typed getters that fail with a message naming the
 * option, the value and what was expected. The runtime reports options that no getter asked for as
 * unknown, so a typo in a job file is an error instead of a silently ignored setting.
 */
public final class StrategyOptions {
    /**
     * The longest duration {@link #parseDuration} accepts: longer than any timeout or delay makes sense, and far
     * below what {@link Duration#toNanos()} and deadline arithmetic ({@code System.nanoTime() + timeout}) overflow on.
     */
    private static final Duration MAX_DURATION = Duration.ofDays(365);

    private final String prefix;
    private final Map<String, String> values;
    private final Set<String> read = ConcurrentHashMap.newKeySet();

    /**
     * @param prefix how options are named in errors, e.g. {@code restart} gives {@code restart.attempts}
     * @param values the options without the prefix
     */
    public StrategyOptions(String prefix, Map<String, String> values) {
        this.prefix = prefix;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static StrategyOptions empty(String prefix) {
        return new StrategyOptions(prefix, Map.of());
    }

    /**
     * The options of a component configuration (ConfigAdmin properties, as from a {@code conf/*.cfg} file),
     * without the keys ConfigAdmin, FileInstall and Declarative Services add ({@code service.*},
     * {@code component.*}, {@code felix.*}, {@code osgi.*}, {@code *.target}).
     */
    public static StrategyOptions ofConfiguration(Map<String, ?> properties) {
        Map<String, String> values = new LinkedHashMap<>();
        properties.forEach((key, value) -> {
            if (!isFrameworkKey(key)) {
                values.put(key, String.valueOf(value));
            }
        });
        return new StrategyOptions("", values);
    }

    /** Whether ConfigAdmin, FileInstall or Declarative Services added the key, rather than the user. */
    public static boolean isFrameworkKey(String key) {
        return key.startsWith("service.") || key.startsWith("component.") || key.startsWith("felix.")
                || key.startsWith("osgi.") || key.endsWith(".target");
    }

    public Map<String, String> asMap() {
        return values;
    }

    public String getString(String key, String defaultValue) {
        String value = raw(key);
        return value == null ? defaultValue : value;
    }

    public int getInt(String key, int defaultValue) {
        String value = raw(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            if (value.trim().matches("[-+]?[0-9]+")) {
                throw new IllegalArgumentException(qualified(key) + ": " + value.trim()
                        + " is out of range (an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + ")");
            }
            throw invalid(key, value, "an integer");
        }
    }

    public double getDouble(String key, double defaultValue) {
        String value = raw(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw invalid(key, value, "a number");
        }
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        String value = raw(key);
        if (value == null) {
            return defaultValue;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(key, value, "true or false");
        };
    }

    /**
     * A duration such as {@code 500ms}, {@code 10s}, {@code 2min}, {@code 1h}, at most 365 days; a bare number is
     * milliseconds.
     */
    public Duration getDuration(String key, Duration defaultValue) {
        String value = raw(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            return parseDuration(value);
        } catch (IllegalArgumentException e) {
            if (e.getMessage().contains(" is out of range")) {
                throw new IllegalArgumentException(qualified(key) + ": " + e.getMessage());
            }
            throw invalid(key, value, "a duration like 500ms, 10s, 2min or 1h");
        }
    }

    /**
     * Parses the duration syntax of {@link #getDuration}; Flink's unit names are accepted too.
     *
     * @throws IllegalArgumentException if the text is no duration, or one longer than 365 days
     *         ({@code 1000000d is out of range (at most 365 days)})
     */
    public static Duration parseDuration(String text) {
        String trimmed = text.trim().toLowerCase(Locale.ROOT);
        int split = 0;
        while (split < trimmed.length() && Character.isDigit(trimmed.charAt(split))) {
            split++;
        }
        if (split == 0) {
            throw new IllegalArgumentException("not a duration: '" + text + "'");
        }
        String unit = trimmed.substring(split).trim();
        Duration duration;
        try {
            long amount = Long.parseLong(trimmed.substring(0, split));
            duration = switch (unit) {
                case "", "ms", "milli", "millis", "millisecond", "milliseconds" -> Duration.ofMillis(amount);
                case "s", "sec", "secs", "second", "seconds" -> Duration.ofSeconds(amount);
                case "m", "min", "mins", "minute", "minutes" -> Duration.ofMinutes(amount);
                case "h", "hour", "hours" -> Duration.ofHours(amount);
                case "d", "day", "days" -> Duration.ofDays(amount);
                default -> throw new IllegalArgumentException("unknown duration unit '" + unit + "' in '" + text + "'");
            };
        } catch (ArithmeticException | NumberFormatException e) {
            throw outOfRange(text);
        }
        if (duration.compareTo(MAX_DURATION) > 0) {
            throw outOfRange(text);
        }
        return duration;
    }

    /** A size in bytes: a number, or one with {@code k}, {@code m} or {@code g} (1024-based, an optional {@code b}). */
    public long getBytes(String key, long defaultValue) {
        String value = raw(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            return parseBytes(value);
        } catch (IllegalArgumentException e) {
            throw invalid(key, value, "a size in bytes, or e.g. 32k, 64m, 1g");
        }
    }

    /**
     * Parses the size syntax of {@link #getBytes}.
     *
     * @throws IllegalArgumentException if the text is no size
     */
    public static long parseBytes(String text) {
        java.util.regex.Matcher size = java.util.regex.Pattern.compile("(?i)\\s*(\\d{1,12})\\s*([kmg]?)b?\\s*")
                .matcher(text);
        if (!size.matches()) {
            throw new IllegalArgumentException("not a size: '" + text + "'");
        }
        long value = Long.parseLong(size.group(1));
        return switch (size.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> value << 10;
            case "m" -> value << 20;
            case "g" -> value << 30;
            default -> value;
        };
    }

    private static IllegalArgumentException outOfRange(String duration) {
        return new IllegalArgumentException(duration.trim() + " is out of range (at most "
                + MAX_DURATION.toDays() + " days)");
    }

    /** Options present but never read by a getter, sorted; the runtime reports them as unknown. */
    public Set<String> unreadKeys() {
        Set<String> unread = new TreeSet<>(values.keySet());
        unread.removeAll(read);
        return unread;
    }

    /**
     * Rejects the options no getter asked for, naming each with the option it most likely meant. Call it after
     * reading every option.
     *
     * @throws IllegalArgumentException e.g. {@code unknown option 'restart.dealy' (did you mean 'restart.delay'?)}
     */
    public void requireAllKnown() {
        Set<String> unread = unreadKeys();
        if (unread.isEmpty()) {
            return;
        }
        Set<String> known = new TreeSet<>(read);
        known.removeAll(unread);
        StringBuilder problem = new StringBuilder(unread.size() == 1 ? "unknown option " : "unknown options ");
        String separator = "";
        for (String key : unread) {
            problem.append(separator).append('\'').append(qualified(key)).append('\'')
                    .append(ClosestName.to(key, known).map(name -> " (did you mean '" + qualified(name) + "'?)").orElse(""));
            separator = ", ";
        }
        problem.append(known.isEmpty() ? "; it takes no options"
                : "; known: " + String.join(", ", known.stream().map(this::qualified).toList()));
        throw new IllegalArgumentException(problem.toString());
    }

    /** The option's full name as users write it, e.g. {@code restart.attempts}. */
    public String qualified(String key) {
        return prefix.isEmpty() ? key : prefix + "." + key;
    }

    private String raw(String key) {
        read.add(key);
        return values.get(key);
    }

    private IllegalArgumentException invalid(String key, String value, String expected) {
        return new IllegalArgumentException(qualified(key) + ": expected " + expected + ", got '" + value + "'");
    }

    @Override
    public String toString() {
        return prefix + values;
    }
}
