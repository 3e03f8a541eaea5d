package io.sluice.benchmarks.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/** A private copy of the distribution a benchmark starts processes from, and free ports on loopback for them. */
final class DistributionCopy {
    private DistributionCopy() {
    }

    /** Copies bin/, bundle/, conf/ and deploy/ of {@code dist} to {@code home}, file modes kept. */
    static Path create(Path dist, Path home) throws IOException {
        for (String folder : List.of("bin", "bundle", "conf", "deploy")) {
            copy(dist.resolve(folder), home.resolve(folder));
        }
        return home;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
