package io.sluice.rpc.gateway;

import java.util.Objects;

/**
 * One ExecutionGraph of one job: a JobMaster's run of the job. A job recovered by a new master gets a new one, so
 * attempts of the earlier run never collide with the new run's on a TaskExecutor that outlived the old master.
 */
public record ExecutionGraphId(String value) {

    public ExecutionGraphId {
        Objects.requireNonNull(value, "value");
    }

    /** A new id, unique across processes and restarts. */
    public static ExecutionGraphId generate() {
        return new ExecutionGraphId(ProcessIds.next());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExecutionGraphId other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
