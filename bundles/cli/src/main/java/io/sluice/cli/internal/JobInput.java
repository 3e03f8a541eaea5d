package io.sluice.cli.internal;

import io.sluice.api.job.JobGraph;
import io.sluice.client.JobCompiler;
import io.sluice.client.JobFiles;
import io.sluice.client.JobSpec;
import io.sluice.jobmaster.JobChecks;
import io.sluice.registry.OperatorCatalog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The job file and {@code --set} overrides of {@code run} and {@code plan}, read, compiled and checked the same way
 * for both: a job one of them refuses, the other refuses with the same message.
 */
final class JobInput {
    @Parameters(index = "0", paramLabel = "FILE", description = "The job file (JSON).")
    Path file;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Overrides a key of the job's config, e.g. --set scheduler=eager.")
    List<String> overrides = new ArrayList<>();

    /** A job file that passed every check. */
    record Job(JobSpec spec, JobChecks.CheckedJob checked) {
        JobGraph graph() {
            return checked.job();
        }
    }

    /**
     * Reads the file (relative {@code path} parameters resolved against its folder), applies the overrides,
     * compiles and checks the job.
     *
     * @throws IllegalArgumentException naming the file, option or element that is wrong
     */
    Job load(OperatorCatalog operators, JobChecks checks) {
        JobSpec spec;
        try {
            spec = JobFiles.withPathsRelativeTo(JobFiles.read(file), file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
        if (!overrides.isEmpty()) {
            Map<String, String> config = new LinkedHashMap<>(spec.config());
            for (String override : overrides) {
                int equals = override.indexOf('=');
                if (equals <= 0) {
                    throw new IllegalArgumentException("--set " + override + ": expected KEY=VALUE");
                }
                config.put(override.substring(0, equals).trim(), override.substring(equals + 1).trim());
            }
            spec = new JobSpec(spec.name(), config, spec.operators(), spec.edges());
        }
        checks.checkOperatorCount(spec.name(), spec.operators().size()); // before compiling a huge job for nothing
        return new Job(spec, checks.check(JobCompiler.compile(spec, operators.types())));
    }
}
