package io.sluice.rest.internal;

import io.sluice.api.job.JobId;
import io.sluice.rpc.gateway.DispatcherGateway;
import io.sluice.rpc.gateway.JobDetails;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** The routes under {@code /jobs}. */
final class JobHandlers {
    private final Backend backend;
    private final JobSubmissions submissions;
    private final LongSupplier clock;
    private final Duration maxResultWait;

    /** @param maxResultWait the longest {@code /jobs/:jobid/result} waits for a job to end */
    JobHandlers(Backend backend, JobSubmissions submissions, LongSupplier clock, Duration maxResultWait) {
        this.backend = backend;
        this.submissions = submissions;
        this.clock = clock;
        this.maxResultWait = maxResultWait;
    }

    List<Route> routes() {
        return List.of(
                new Route("GET", "/jobs", "Every job the cluster knows, running or ended: its id and state.", Map.of(),
                        null, "`{\"jobs\": [{\"id\", \"status\"}]}`", false, this::list),
                new Route("GET", "/jobs/overview", "Every job with its times, restarts and tasks per state, newest first.",
                        Map.of(), null, "`{\"jobs\": [{\"jid\", \"name\", \"state\", \"start-time\", \"end-time\", "
                                + "\"duration\", \"last-modification\", \"restarts\", \"tasks\": {\"total\", \"running\", ...}}]}`",
                        false, this::overview),
                new Route("POST", "/jobs", "Submits a job file; answers once the Dispatcher took the job. A job "
                        + "file with a mistake is answered 400 with the message `sluice run` prints, and nothing starts; "
                        + "every `path` must be inside `io.allowed-dirs`.", Map.of("jobid", "the job's id, chosen by "
                                + "the client (32 lower-case hex digits), so that a submission whose answer was lost "
                                + "can be sent again: an id the cluster knows is answered 409 and starts nothing"),
                        "the job file (docs/job-files.md), `Content-Type: application/json`",
                        "202 `{\"jobid\", \"jobUrl\"}`", true, submissions::submit),
                new Route("GET", "/jobs/:jobid", "The job's state, per-state timestamps, and each vertex's tasks per "
                        + "state and records read and written.", Map.of(), null,
                        "`{\"jid\", \"name\", \"state\", \"start-time\", \"end-time\", \"duration\", \"now\", "
                                + "\"restarts\", \"timestamps\": {STATE: ms}, \"vertices\": [{\"id\", \"parallelism\", "
                                + "\"status\", \"tasks\": {STATE: n}, \"metrics\": {\"read-records\", \"write-records\"}}], "
                                + "\"status-counts\": {STATE: n}}`", false, this::details),
                new Route("PATCH", "/jobs/:jobid", "Cancels the job (`mode=cancel`); an ended job stays as it ended.",
                        Map.of("mode", "`cancel` (the only mode)"), null, "202 `{}`", true, this::cancel),
                new Route("GET", "/jobs/:jobid/plan", "The job's vertices with their chained operators, its edges "
                        + "with partitioner and exchange, and its pipelined regions (as job vertex ids).", Map.of(), null,
                        "`{\"jid\", \"name\", \"plan\": {\"nodes\": [{\"id\", \"operators\", \"parallelism\", "
                                + "\"slot-sharing-group\", \"inputs\": [{\"id\", \"ship_strategy\", \"exchange\", "
                                + "\"pattern\"}]}], \"regions\": [[vertex ids]]}}`", false, this::plan),
                new Route("GET", "/jobs/:jobid/exceptions", "The root cause of a failed job and the newest task "
                        + "failures: time, task, worker, cause, the failover strategy that decided with its bundle "
                        + "version, and the tasks it restarted.", Map.of(), null,
                        "`{\"root-exception\", \"timestamp\", \"exceptionHistory\": {\"entries\": [{\"exceptionName\", "
                                + "\"message\", \"stacktrace\", \"timestamp\", \"taskName\", \"location\", \"failover\": "
                                + "{\"strategy\", \"version\"}, \"restarted\"}], \"truncated\"}}`", false, this::exceptions),
                new Route("GET", "/jobs/:jobid/result", "Waits until the job ends or `timeout` passes, then answers "
                        + "its result or that it is still in progress.", Map.of("timeout", "how long to wait, e.g. "
                                + "`30s` or `500ms` (default 10s, at most " + maxResultWait.toSeconds() + "s)"), null,
                        "`{\"status\": {\"id\": \"COMPLETED\"}, \"job-execution-result\": {\"id\", \"name\", \"state\", "
                                + "\"net-runtime\", \"restarts\", \"failure-cause\"}}` or `{\"status\": {\"id\": "
                                + "\"IN_PROGRESS\"}}`", false, this::result));
    }

    private DispatcherGateway dispatcher() {
        DispatcherGateway dispatcher = backend.dispatcher();
        if (dispatcher == null) {
            throw Backend.unavailable("Dispatcher");
        }
        return dispatcher;
    }

    private CompletableFuture<RestReply> list(RestRequest request) {
        return dispatcher().listJobs().thenApply(jobs -> RestReply.ok(Json.object("jobs", jobs.stream()
                .map(job -> Json.object("id", job.job().value(), "status", job.status().name())).toList())));
    }

    private CompletableFuture<RestReply> overview(RestRequest request) {
        return dispatcher().listJobs().thenApply(jobs -> {
            long now = clock.getAsLong();
            List<JobDetails> newestFirst = new ArrayList<>(jobs);
            newestFirst.sort(Comparator.comparingLong(JobDetails::startMillis).reversed());
            return RestReply.ok(Json.object("jobs", newestFirst.stream().map(job -> JobViews.overview(job, now)).toList()));
        });
    }

    private CompletableFuture<RestReply> details(RestRequest request) {
        JobId id = JobSubmissions.jobId(request);
        return known(id, dispatcher().requestJob(id)).thenApply(job -> RestReply.ok(JobViews.details(job, clock.getAsLong())));
    }

    private CompletableFuture<RestReply> exceptions(RestRequest request) {
        JobId id = JobSubmissions.jobId(request);
        return known(id, dispatcher().requestJob(id)).thenApply(job -> RestReply.ok(JobViews.exceptions(job)));
    }

    private CompletableFuture<RestReply> plan(RestRequest request) {
        JobId id = JobSubmissions.jobId(request);
        return known(id, dispatcher().requestJobPlan(id)).thenApply(plan -> RestReply.ok(JobViews.plan(plan)));
    }

    private CompletableFuture<RestReply> cancel(RestRequest request) {
        JobId id = JobSubmissions.jobId(request);
        String mode = request.query().get("mode");
        if (!"cancel".equals(mode)) {
            throw RestException.badRequest("PATCH /jobs/:jobid needs mode=cancel" + (mode == null ? ""
                    : ", not '" + mode + "'"));
        }
        return known(id, dispatcher().cancelJob(id)).thenApply(done -> RestReply.accepted(Json.object()));
    }

    private CompletableFuture<RestReply> result(RestRequest request) {
        JobId id = JobSubmissions.jobId(request);
        Duration wait = waitOf(request.query().get("timeout"));
        DispatcherGateway dispatcher = dispatcher();
        // the job's status first: an unknown job is 404 at once, an ended one answers without waiting
        long deadline = System.nanoTime() + wait.toNanos();
        return known(id, dispatcher.requestJob(id)).thenCompose(now -> now.status().isGloballyTerminal()
                ? CompletableFuture.completedFuture(now) : awaitEnd(dispatcher, id, deadline))
                .thenApply(ended -> RestReply.ok(JobViews.result(ended)));
    }

    /**
     * The job's final details, or {@code null} when it has not ended by {@code deadline}. A result call answers
     * within {@code rpc.ask-timeout} or fails; one that failed so is asked again until the deadline.
     */
    private static CompletableFuture<JobDetails> awaitEnd(DispatcherGateway dispatcher, JobId id, long deadline) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            return CompletableFuture.completedFuture(null);
        }
        return dispatcher.requestJobResult(id).completeOnTimeout(null, remaining, TimeUnit.NANOSECONDS)
                .handle((ended, error) -> error == null ? CompletableFuture.completedFuture(ended)
                        : io.sluice.rpc.Gateways.cause(error) instanceof io.sluice.rpc.RpcException
                                ? awaitEnd(dispatcher, id, deadline) : CompletableFuture.<JobDetails>failedFuture(error))
                .thenCompose(next -> next);
    }

    private Duration waitOf(String value) {
        if (value == null) {
            return Duration.ofSeconds(10).compareTo(maxResultWait) > 0 ? maxResultWait : Duration.ofSeconds(10);
        }
        Duration wait;
        try {
            wait = io.sluice.api.plugin.StrategyOptions.parseDuration(value);
        } catch (IllegalArgumentException e) {
            throw RestException.badRequest("timeout '" + value + "' is not a duration (e.g. 30s, 500ms)");
        }
        if (wait.isNegative() || wait.compareTo(maxResultWait) > 0) {
            throw RestException.badRequest("timeout '" + value + "' must be between 0 and " + maxResultWait.toSeconds() + "s");
        }
        return wait;
    }

    /** The gateway's answer, with its "no such job" refusal turned into 404. */
    private static <T> CompletableFuture<T> known(JobId id, CompletableFuture<T> answer) {
        return answer.exceptionallyCompose(error -> CompletableFuture.failedFuture(
                io.sluice.rpc.Gateways.cause(error) instanceof IllegalArgumentException
                        ? RestException.notFound("no job " + id + " on this cluster") : error));
    }
}
