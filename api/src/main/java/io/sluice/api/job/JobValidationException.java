package io.sluice.api.job;

/**
 * A job description that breaks a rule. The message names the job, the element and the rule, for example
 * {@code job 'etl': vertex 'map' has parallelism 0 (must be from 1 to 32768)}.
 */
public class JobValidationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public JobValidationException(String jobName, String problem) {
        super("job '" + jobName + "': " + problem);
    }
}
