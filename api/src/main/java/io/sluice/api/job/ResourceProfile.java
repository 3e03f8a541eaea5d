package io.sluice.api.job;

/**
 * Resources of a slot, or resources a task asks for. CPU is kept in milli-cores so that profiles add up
 * exactly. {@link #UNKNOWN} is the request of a task that declared nothing: any slot fits it.
 */
public record ResourceProfile(int cpuMilliCores, int heapMb, int managedMb) {

    /** A request without declared resources; matched by every slot. */
    public static final ResourceProfile UNKNOWN = new ResourceProfile(-1, -1, -1);

    public static final ResourceProfile ZERO = new ResourceProfile(0, 0, 0);

    public ResourceProfile {
        boolean unknown = cpuMilliCores == -1 && heapMb == -1 && managedMb == -1;
        if (!unknown && (cpuMilliCores < 0 || heapMb < 0 || managedMb < 0)) {
            throw new IllegalArgumentException("resources must not be negative: cpu=" + cpuMilliCores
                    + "m, heap=" + heapMb + "MB, managed=" + managedMb + "MB");
        }
    }

    public static ResourceProfile of(double cpuCores, int heapMb) {
        return new ResourceProfile((int) Math.round(cpuCores * 1000), heapMb, 0);
    }

    public boolean isUnknown() {
        return cpuMilliCores == -1;
    }

    /** Whether a slot with this profile can host a task asking for {@code request}. */
    public boolean covers(ResourceProfile request) {
        if (request.isUnknown()) {
            return true;
        }
        if (isUnknown()) {
            return false;
        }
        return cpuMilliCores >= request.cpuMilliCores && heapMb >= request.heapMb && managedMb >= request.managedMb;
    }

    /** @throws ArithmeticException if a sum does not fit an int */
    public ResourceProfile plus(ResourceProfile other) {
        requireKnown(other);
        return new ResourceProfile(Math.addExact(cpuMilliCores, other.cpuMilliCores),
                Math.addExact(heapMb, other.heapMb), Math.addExact(managedMb, other.managedMb));
    }

    public ResourceProfile minus(ResourceProfile other) {
        requireKnown(other);
        return new ResourceProfile(cpuMilliCores - other.cpuMilliCores, heapMb - other.heapMb,
                managedMb - other.managedMb);
    }

    private void requireKnown(ResourceProfile other) {
        if (isUnknown() || other.isUnknown()) {
            throw new IllegalArgumentException("cannot do arithmetic on an unknown resource profile");
        }
    }

    // explicit, so that a cold JVM does not bootstrap the record's invokedynamic equals/hashCode on hot paths
    @Override
    public boolean equals(Object o) {
        return o instanceof ResourceProfile other && cpuMilliCores == other.cpuMilliCores && heapMb == other.heapMb
                && managedMb == other.managedMb;
    }

    @Override
    public int hashCode() {
        return (cpuMilliCores * 31 + heapMb) * 31 + managedMb;
    }

    @Override
    public String toString() {
        if (isUnknown()) {
            return "{unknown}";
        }
        return "{cpu=" + (cpuMilliCores / 1000.0) + ", heapMb=" + heapMb + ", managedMb=" + managedMb + "}";
    }
}
