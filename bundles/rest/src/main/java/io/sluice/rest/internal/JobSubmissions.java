package io.sluice.rest.internal;

import io.sluice.api.job.JobGraph;
import io.sluice.api.job.JobId;
import io.sluice.client.JobCompiler;
import io.sluice.client.JobFiles;
import io.sluice.client.JobSpec;
import io.sluice.jobmaster.JobChecks;
import io.sluice.rpc.gateway.DispatcherGateway;
import io.sluice.rpc.Gateways;
import io.sluice.rpc.gateway.DispatcherBusyException;
import io.sluice.rpc.gateway.DuplicateJobException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /jobs}: a job file in the body, read, compiled and checked exactly as {@code sluice run} does (so a
 * job either refuses is refused by both with the same message), its paths confined to {@link AllowedDirs}, and
 * only then handed to the Dispatcher. (How many are in progress at once the servlet bounds, before it reads a body.)
 */
final class JobSubmissions {
    private final Backend backend;
    private final AllowedDirs dirs;

    JobSubmissions(Backend backend, AllowedDirs dirs) {
        this.backend = backend;
        this.dirs = dirs;
    }

    CompletableFuture<RestReply> submit(RestRequest request) {
        requireJson(request.contentType());
        JobGraph job = compile(request.body());
        DispatcherGateway dispatcher = backend.dispatcher();
        if (dispatcher == null) {
            throw Backend.unavailable("Dispatcher");
        }
        String requested = request.query().get("jobid");
        if (requested != null && !isJobId(requested)) {
            throw RestException.badRequest("jobid '" + requested + "' is not a job id (32 lower-case hex digits)");
        }
        CompletableFuture<JobId> submitted = requested == null ? dispatcher.submitJob(job)
                : dispatcher.submitJobAs(new JobId(requested), job);
        return submitted.exceptionallyCompose(error -> CompletableFuture.failedFuture(refusal(error)))
                .thenApply(id -> RestReply.accepted(Json.object("jobid", id.value(), "jobUrl", "/jobs/" + id)));
    }

    /** The Dispatcher's refusals of a well-formed job as their HTTP answers: 409 for a known id, 503 when busy. */
    private static Throwable refusal(Throwable error) {
        Throwable cause = Gateways.cause(error);
        if (cause instanceof DuplicateJobException) {
            return new RestException(409, cause.getMessage());
        }
        if (cause instanceof DispatcherBusyException) {
            return new RestException(503, cause.getMessage());
        }
        return error;
    }

    /** The checked job graph of a job file, or an {@link IllegalArgumentException} saying what is wrong. */
    JobGraph compile(byte[] body) {
        if (body.length == 0) {
            throw RestException.badRequest("the request body must be a job file (JSON, see docs/job-files.md)");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw RestException.badRequest("the job file is not UTF-8 text");
        }
        JobSpec spec = JobFiles.withPathsRelativeTo(JobFiles.parse(text, "job file"), dirs.base());
        dirs.check(spec);
        JobChecks checks = backend.checks();
        checks.checkOperatorCount(spec.name(), spec.operators().size()); // before compiling a huge job for nothing
        JobGraph job = JobCompiler.compile(spec, backend.operators().types());
        checks.check(job);
        return job;
    }

    private static void requireJson(String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        int parameters = type.indexOf(';');
        if (!(parameters < 0 ? type : type.substring(0, parameters)).trim().equals("application/json")) {
            // also what makes a browser ask before a cross-site submission (a CORS preflight) instead of sending it
            throw new RestException(415, "a job is submitted as Content-Type: application/json, not '"
                    + (contentType == null ? "" : contentType) + "'");
        }
    }

    /** Whether an id from a path is one this runtime could have made: 32 lower-case hex digits. */
    static boolean isJobId(String value) {
        return value.length() == 32 && value.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    static JobId jobId(RestRequest request) {
        String value = request.pathParameter("jobid");
        if (!isJobId(value)) {
            throw RestException.notFound("no job " + value + " on this cluster (a job id is 32 hex digits)");
        }
        return new JobId(value);
    }
}
