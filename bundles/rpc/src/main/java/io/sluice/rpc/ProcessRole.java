package io.sluice.rpc;

import java.util.Locale;

/**
 * What this process is in the cluster, from the framework property {@value #PROPERTY} the launcher sets.
 * Components that belong to one role bind the role service with a target filter on {@value #SERVICE_PROPERTY}:
 * the master runs the Dispatcher, the ResourceManager and the JobMasters, a worker one TaskExecutor, and the
 * embedded platform ({@code ./sluice run}, {@code ./sluice start}) all of them in one JVM, over the in-process
 * transport.
 */
public enum ProcessRole {
    EMBEDDED, MASTER, WORKER;

    /** The framework (or system) property naming the role; absent means {@link #EMBEDDED}. */
    public static final String PROPERTY = "sluice.role";
    /** The service property of the role service, its value the role's name in lower case. */
    public static final String SERVICE_PROPERTY = "sluice.role";

    /** Target filters for components of the master, of workers, and of processes with a network. */
    public static final String MASTER_OR_EMBEDDED = "(|(sluice.role=master)(sluice.role=embedded))";
    public static final String WORKER_OR_EMBEDDED = "(|(sluice.role=worker)(sluice.role=embedded))";
    public static final String NETWORKED = "(|(sluice.role=master)(sluice.role=worker))";

    /** The role a property value names; throws naming the value and the roles there are. */
    public static ProcessRole parse(String value) {
        if (value == null || value.isBlank()) {
            return EMBEDDED;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PROPERTY + " '" + value + "' is not a role (embedded, master, worker)");
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role service: only its {@value #SERVICE_PROPERTY} property matters. */
    public interface Service {
        ProcessRole role();
    }
}
