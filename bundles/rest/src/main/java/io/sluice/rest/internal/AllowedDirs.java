package io.sluice.rest.internal;

import io.sluice.client.JobSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The folders jobs submitted over REST may read and write ({@code io.allowed-dirs}): every operator's {@code path}
 * parameter (the convention of file sources and sinks, see docs/job-files.md) must resolve inside one of them,
 * with {@code ..} and symbolic links resolved first, so that neither {@code ../../etc/passwd} nor a link to it gets
 * out. A relative path is taken against the first folder.
 */
final class AllowedDirs {
    static final String PARAMETER = "path";

    private final List<Path> roots;

    AllowedDirs(List<Path> folders) {
        if (folders.isEmpty()) {
            throw new IllegalArgumentException("io.allowed-dirs names no folder");
        }
        List<Path> resolved = new ArrayList<>();
        for (Path folder : folders) {
            if (!folder.isAbsolute()) {
                throw new IllegalArgumentException("io.allowed-dirs: '" + folder + "' is not an absolute path");
            }
            resolved.add(real(folder));
        }
        this.roots = List.copyOf(resolved);
    }

    /** Where relative paths of a job point. */
    Path base() {
        return roots.get(0);
    }

    List<Path> roots() {
        return roots;
    }

    /** Throws, naming the operator and its path, when one reaches outside every allowed folder. */
    void check(JobSpec job) {
        for (JobSpec.Operator operator : job.operators()) {
            if (operator.params().get(PARAMETER) instanceof String value) {
                Path path;
                try {
                    path = base().resolve(value);
                } catch (InvalidPathException e) {
                    continue; // not a path at all: the operator's own check names the parameter
                }
                Path real;
                try {
                    real = real(path);
                } catch (IllegalArgumentException e) {
                    real = null;
                }
                if (real == null || roots.stream().noneMatch(real::startsWith)) {
                    throw RestException.badRequest("job '" + job.name() + "': operator '" + operator.id() + "': "
                            + PARAMETER + " '" + value + "' is outside the folders jobs may use (io.allowed-dirs: "
                            + roots.stream().map(Path::toString).collect(Collectors.joining(", ")) + ")");
                }
            }
        }
    }

    /**
     * The path with {@code ..} removed and every symbolic link of its existing part followed: the deepest folder
     * that exists is made real, the part below it (not there yet, as for a sink's output) appended unchanged.
     */
    static Path real(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute));
        } catch (IOException e) {
            // a dangling link or an unreadable folder: where it leads is unknown, so it leads nowhere allowed
            throw new IllegalArgumentException("cannot resolve " + existing + " (" + e.getClass().getSimpleName() + ")");
        }
    }
}
