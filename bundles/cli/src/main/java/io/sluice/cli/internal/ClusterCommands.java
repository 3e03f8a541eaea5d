package io.sluice.cli.internal;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The commands that talk to a running cluster over its REST API: {@code submit}, {@code list}, {@code status},
 * {@code cancel}, {@code workers}. Each takes {@code --master URL}; a refusal of the master is printed in one line
 * and exits 2 (a wrong request) or 3 (a master that cannot take it now).
 */
final class ClusterCommands {
    private ClusterCommands() {
    }

    /** What a command does with the master's API; returns the exit status. */
    @FunctionalInterface
    interface Body {
        int run(RestClient client, PrintWriter out);
    }

    /** Runs a command body, turning the master's refusals and a bad --master into exit statuses. */
    static int execute(CommandLine.Model.CommandSpec spec, String masterUrl, Body body) {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        String name = "sluice " + spec.name();
        try {
            int status = body.run(new RestClient(masterUrl, System.getenv(RestClient.TOKEN_VARIABLE)), out);
            out.flush();
            return status;
        } catch (RestClient.Refused refused) {
            out.flush();
            String hint = refused.status() == 401 ? " (set " + RestClient.TOKEN_VARIABLE + " to the master's "
                    + "rest.auth.token)" : "";
            err.println(name + ": " + refused.getMessage() + hint);
            return refused.status() == 429 || refused.status() >= 500 ? ExitCode.CLUSTER_UNAVAILABLE
                    : ExitCode.INVALID_INPUT;
        } catch (IllegalArgumentException e) {
            out.flush();
            err.println(name + ": " + e.getMessage());
            return ExitCode.INVALID_INPUT;
        }
    }

    /** A command of the cluster: its {@code --master} and its body. */
    abstract static class RestCommand implements Callable<Integer>, Body {
        @Option(names = "--master", paramLabel = "URL", defaultValue = RestClient.DEFAULT_MASTER,
                description = "The master's REST address (default: ${DEFAULT-VALUE}); the bearer token, when the "
                        + "master needs one, comes from the environment variable " + RestClient.TOKEN_VARIABLE + ".")
        String master;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public final Integer call() {
            return execute(spec, master, this);
        }
    }

    /** {@code sluice plugins --master URL}: the plugins of a running cluster, in the table of this distribution's. */
    static int plugins(CommandLine.Model.CommandSpec spec, String masterUrl) {
        return execute(spec, masterUrl, (client, out) -> {
            JsonNode plugins = client.get("/plugins").path("plugins");
            if (plugins.isEmpty()) {
                out.println("no strategy plugins are registered");
                return ExitCode.OK;
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"KIND", "NAME", "VERSION", "BUNDLE", "STATE"});
            for (JsonNode plugin : plugins) {
                rows.add(new String[] {plugin.path("kind").asText(), plugin.path("name").asText(),
                        plugin.path("version").asText(), plugin.path("bundle").asText(),
                        plugin.path("state").asText().toLowerCase(Locale.ROOT)
                                + (plugin.path("default").asBoolean() ? " (default)" : "")});
            }
            out.print(Tables.render(rows));
            return ExitCode.OK;
        });
    }

    @Command(name = "submit", description = "Submit a job file to a running cluster (see --master); with --wait, "
            + "show its progress until it ends and exit with its status.")
    static final class Submit extends RestCommand {
        private static final ObjectMapper LENIENT = JsonMapper.builder()
                .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_TRAILING_COMMA).build();

        @Parameters(index = "0", paramLabel = "FILE", description = "The job file (JSON).")
        Path file;

        @Option(names = "--wait", description = "Follow the job until it ends; the exit status is the job's.")
        boolean wait;

        @Option(names = "--progress-interval", paramLabel = "MS", defaultValue = "1000", hidden = true)
        long progressMillis;

        private static final int SUBMIT_ATTEMPTS = 5;

        @Override
        public int run(RestClient client, PrintWriter out) {
            byte[] job = read(file);
            long started = System.nanoTime();
            String id = submit(client, job);
            String name = nameOf(job);
            out.printf("Job '%s' (%s) submitted to %s%n", name, id, client.master());
            out.flush();
            if (!wait) {
                return ExitCode.OK;
            }
            String last = "";
            long timeout = Math.max(10, Math.min(progressMillis, 60_000));
            while (true) {
                JsonNode result = client.get("/jobs/" + id + "/result?timeout=" + timeout + "ms");
                if ("COMPLETED".equals(result.at("/status/id").asText())) {
                    JsonNode details = client.get("/jobs/" + id);
                    Views.summary(out, details, client.get("/jobs/" + id + "/exceptions"), System.nanoTime() - started);
                    return "FINISHED".equals(result.at("/job-execution-result/state").asText()) ? ExitCode.OK
                            : ExitCode.JOB_FAILED;
                }
                String line = Views.progress(client.get("/jobs/" + id), System.nanoTime() - started);
                if (!line.equals(last)) {
                    out.println(line);
                    out.flush();
                    last = line;
                }
            }
        }

        /**
         * Submits under an id chosen here, so that a request whose answer was lost (a timeout, a dropped connection)
         * or that the master could not take yet (429, 503) is sent again without a risk of a second job: 409 to a
         * repeat means the first one was taken.
         */
        private static String submit(RestClient client, byte[] job) {
            String id = io.sluice.api.job.JobId.generate().value();
            for (int attempt = 1; ; attempt++) {
                try {
                    return client.post("/jobs?jobid=" + id, job).path("jobid").asText(id);
                } catch (RestClient.Refused refused) {
                    if (refused.status() == 409 && attempt > 1) {
                        return id;
                    }
                    if ((refused.status() != 429 && refused.status() != 503) || attempt == SUBMIT_ATTEMPTS) {
                        throw refused;
                    }
                } catch (RestClient.Unanswered lost) {
                    if (attempt == SUBMIT_ATTEMPTS) {
                        throw lost;
                    }
                }
                try {
                    Thread.sleep(250L << attempt);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CommandInterruptedException("interrupted while submitting");
                }
            }
        }

        /**
         * The job file as sent: its relative {@code path} parameters made absolute against the file's folder, as
         * {@code sluice run} reads them, so that a job means the same files wherever it was submitted from.
         */
        static byte[] read(Path file) {
            JsonNode root;
            try {
                root = LENIENT.readTree(Files.readAllBytes(file));
            } catch (java.nio.file.NoSuchFileException e) {
                throw new IllegalArgumentException("job file " + file + " does not exist");
            } catch (IOException e) {
                // not JSON: sent as it is, so that the master's message names the mistake as 'sluice run' does
                try {
                    return Files.readAllBytes(file);
                } catch (IOException unreadable) {
                    throw new IllegalArgumentException("cannot read " + file + ": " + unreadable.getMessage());
                }
            }
            Path folder = file.toAbsolutePath().getParent();
            for (JsonNode operator : root.path("operators")) {
                JsonNode path = operator.path("params").path("path");
                if (path.isTextual()) {
                    try {
                        if (!Path.of(path.asText()).isAbsolute()) {
                            ((ObjectNode) operator.get("params")).put("path",
                                    folder.resolve(path.asText()).normalize().toString());
                        }
                    } catch (InvalidPathException notAPath) {
                        // left as it is: the operator's own check names the parameter
                    }
                }
            }
            try {
                return LENIENT.writeValueAsBytes(root);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private static String nameOf(byte[] job) {
            try {
                return LENIENT.readTree(job).path("name").asText("?");
            } catch (IOException e) {
                return "?";
            }
        }
    }

    @Command(name = "list", description = "List the jobs of a running cluster (see --master), oldest first.")
    static final class ListJobs extends RestCommand {
        @Override
        public int run(RestClient client, PrintWriter out) {
            JsonNode jobs = client.get("/jobs/overview").path("jobs");
            if (jobs.isEmpty()) {
                out.println("no jobs");
                return ExitCode.OK;
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"JOB", "NAME", "STATUS", "TASKS", "RESTARTS", "DURATION"});
            List<JsonNode> oldestFirst = new ArrayList<>();
            jobs.forEach(oldestFirst::add);
            oldestFirst.sort(java.util.Comparator.comparingLong(job -> job.path("start-time").asLong()));
            for (JsonNode job : oldestFirst) {
                rows.add(new String[] {job.path("jid").asText(), job.path("name").asText(), job.path("state").asText(),
                        Views.tasks(job.path("tasks")), job.path("restarts").asText(), Views.seconds(job.path("duration").asLong())});
            }
            out.print(Tables.render(rows));
            return ExitCode.OK;
        }
    }

    @Command(name = "status", description = "Show one job of a running cluster (see --master): its state and each "
            + "vertex's tasks and records.")
    static final class Status extends RestCommand {
        @Parameters(index = "0", paramLabel = "JOB", description = "The job id ('sluice list' shows them).")
        String job;

        @Override
        public int run(RestClient client, PrintWriter out) {
            JsonNode details = client.get("/jobs/" + Views.pathSegment(job));
            out.printf(Locale.ROOT, "Job '%s' (%s) %s for %s, %d restarts%n", details.path("name").asText(),
                    details.path("jid").asText(), details.path("state").asText(),
                    Views.seconds(details.path("duration").asLong()), details.path("restarts").asInt());
            out.print(Views.vertexTable(details));
            return ExitCode.OK;
        }
    }

    @Command(name = "cancel", description = "Cancel a job of a running cluster (see --master).")
    static final class Cancel extends RestCommand {
        @Parameters(index = "0", paramLabel = "JOB", description = "The job id ('sluice list' shows them).")
        String job;

        @Override
        public int run(RestClient client, PrintWriter out) {
            String path = "/jobs/" + Views.pathSegment(job);
            JsonNode details = client.get(path);
            String state = details.path("state").asText();
            if (List.of("FINISHED", "FAILED", "CANCELED").contains(state)) {
                out.printf("job %s ('%s') has already ended %s; nothing to cancel%n", job, details.path("name").asText(), state);
                return ExitCode.OK;
            }
            client.patch(path + "?mode=cancel");
            out.printf("cancelling job %s ('%s')%n", job, details.path("name").asText());
            return ExitCode.OK;
        }
    }

    @Command(name = "workers", description = "List the workers of a running cluster (see --master) with their "
            + "slots, and the slot requests waiting.")
    static final class Workers extends RestCommand {
        @Override
        public int run(RestClient client, PrintWriter out) {
            JsonNode answer = client.get("/workers");
            if (answer.path("workers").isEmpty()) {
                out.println("no workers are registered");
            } else {
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[] {"WORKER", "SLOT", "RESOURCES", "STATE"});
                for (JsonNode worker : answer.path("workers")) {
                    for (JsonNode slot : worker.path("slots")) {
                        rows.add(new String[] {worker.path("id").asText(), slot.path("index").asText(),
                                Views.profile(slot.path("profile")), "FREE".equals(slot.path("state").asText()) ? "free"
                                        : "allocated to job " + slot.path("job").asText() + " ("
                                                + slot.path("allocation").asText() + ")"});
                    }
                }
                out.print(Tables.render(rows));
            }
            JsonNode pending = answer.path("pending-requests");
            out.printf("%n%d pending slot requests%n", pending.size());
            if (!pending.isEmpty()) {
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[] {"JOB", "ALLOCATION", "RESOURCES", "WAITING"});
                for (JsonNode request : pending) {
                    rows.add(new String[] {request.path("job").asText(), request.path("allocation").asText(),
                            Views.profile(request.path("profile")), request.path("age-ms").asLong() / 1000 + " s"});
                }
                out.print(Tables.render(rows));
            }
            return ExitCode.OK;
        }
    }
}
