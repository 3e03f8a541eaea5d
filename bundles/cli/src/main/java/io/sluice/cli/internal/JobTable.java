package io.sluice.cli.internal;

import io.sluice.rpc.gateway.JobDetails;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Renders the Dispatcher's jobs: a row per job, oldest first, with its tasks per state and restarts. */
final class JobTable {
    private JobTable() {
    }

    static String render(List<JobDetails> jobs, long nowMillis) {
        if (jobs.isEmpty()) {
            return "no jobs" + System.lineSeparator();
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"JOB", "NAME", "STATUS", "TASKS", "RESTARTS", "DURATION"});
        for (JobDetails job : jobs.stream().sorted(Comparator.comparingLong(JobDetails::startMillis)).toList()) {
            StringBuilder tasks = new StringBuilder();
            job.tasksPerState().forEach((state, count) -> tasks.append(tasks.isEmpty() ? "" : ", ").append(count)
                    .append(' ').append(state.name().toLowerCase(Locale.ROOT)));
            long end = job.endMillis() == 0 ? nowMillis : job.endMillis();
            rows.add(new String[] {job.job().value(), job.name(), job.status().name(), tasks.toString(),
                    Integer.toString(job.restarts()), String.format(Locale.ROOT, "%.1f s", (end - job.startMillis()) / 1e3)});
        }
        return Tables.render(rows);
    }
}
