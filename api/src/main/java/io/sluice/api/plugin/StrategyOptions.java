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

    /** A duration such as {@code 500ms}, {@code 10s}, {@code 2min}, {@code 1h}; a bare number is milliseconds. */
    public Duration getDuration(String key, Duration defaultValue) {
        String value = raw(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            return parseDuration(value);
        } catch (IllegalArgumentException e) {
            throw invalid(key, value, "a duration like 500ms, 10s, 2min or 1h");
        }
    }

    /** Parses the duration syntax of {@link #getDuration}; Flink's unit names are accepted too. */
    public static Duration parseDuration(String text) {
        String trimmed = text.trim().toLowerCase(Locale.ROOT);
        int split = 0;
        while (split < trimmed.length() && Character.isDigit(trimmed.charAt(split))) {
            split++;
        }
        if (split == 0) {
            throw new IllegalArgumentException("not a duration: '" + text + "'");
        }
        long amount = Long.parseLong(trimmed.substring(0, split));
        String unit = trimmed.substring(split).trim();
        return switch (unit) {
            case "", "ms", "milli", "millis", "millisecond", "milliseconds" -> Duration.ofMillis(amount);
            case "s", "sec", "secs", "second", "seconds" -> Duration.ofSeconds(amount);
            case "m", "min", "mins", "minute", "minutes" -> Duration.ofMinutes(amount);
            case "h", "hour", "hours" -> Duration.ofHours(amount);
            case "d", "day", "days" -> Duration.ofDays(amount);
            default -> throw new IllegalArgumentException("unknown duration unit '" + unit + "' in '" + text + "'");
        };
    }

    /** Options present but never read by a getter, sorted; the runtime reports them as unknown. */
    public Set<String> unreadKeys() {
        Set<String> unread = new TreeSet<>(values.keySet());
        unread.removeAll(read);
        return unread;
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
