package io.sluice.api.job;

/** How the data of an exchange is held between producer and consumer. */
public enum ResultPartitionType {
    /** Producer and consumer run at the same time; bounded buffers give back-pressure. */
    PIPELINED,
    /** The producer writes its whole output first; consumers may start later and re-read it. */
    BLOCKING;

    public boolean isBlocking() {
        return this == BLOCKING;
    }

    public boolean isPipelined() {
        return this == PIPELINED;
    }
}
