package io.sluice.rpc.gateway;

import java.util.List;

/**
 * One task failure of a job and what was done about it.
 *
 * @param worker the worker the task ran on, or {@code null} if it had none yet
 * @param strategy the failover strategy that chose the restart set, with its bundle version; {@code null} when
 *        the restart backoff allowed no more restarts and the job failed
 * @param restarted the tasks restarted for it, as {@code VERTEX#i}
 */
public record JobFailure(long timestampMillis, String task, String worker, TaskFailure cause, String strategy,
        String strategyVersion, List<String> restarted) {
    public JobFailure {
        restarted = List.copyOf(restarted);
    }
}
