package io.sluice.taskexecutor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.log.Logger;

/** A worker's spill folder is its process's own, and what dead processes left is deleted when one starts. */
class LocalShuffleTest {
    @TempDir
    Path data;

    private final List<String> logged = new ArrayList<>();

    private Logger logger() {
        return (Logger) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> {
                    if (args != null && args.length > 0 && args[0] instanceof String format) {
                        logged.add(method.getName() + " " + format);
                    }
                    return method.getReturnType() == boolean.class ? Boolean.TRUE : null;
                });
    }

    private Path leftover(String process) throws Exception {
        Path folder = data.resolve("shuffle").resolve(process);
        Files.createDirectories(folder.resolve("job-1"));
        Files.writeString(folder.resolve("job-1").resolve("ds-1-0-0.spill"), "spilled records");
        Files.createFile(data.resolve("shuffle").resolve(process + ".lock"));
        return folder;
    }

    @Test
    void theSpillFolderOfAProcessThatDiedIsDeletedAtStartAndALiveOnesIsKept() throws Exception {
        Path dead = leftover("process-999999999");
        Path live = leftover("process-999999998");
        try (FileChannel channel = FileChannel.open(data.resolve("shuffle").resolve("process-999999998.lock"),
                StandardOpenOption.WRITE); FileLock held = channel.lock()) {
            LocalShuffle shuffle = new LocalShuffle(logger(), data);

            assertThat(dead).doesNotExist();
            assertThat(data.resolve("shuffle").resolve("process-999999999.lock")).doesNotExist();
            assertThat(live.resolve("job-1").resolve("ds-1-0-0.spill")).exists();
            assertThat(shuffle.settings().spillDirectory().getFileName().toString())
                    .isEqualTo("process-" + ProcessHandle.current().pid());
            shuffle.deactivate();
        }
    }

    @Test
    void aCleanStopLeavesNothingBehind() throws Exception {
        LocalShuffle shuffle = new LocalShuffle(logger(), data);
        Files.createDirectories(shuffle.settings().spillDirectory().resolve("job-2"));
        shuffle.deactivate();
        try (var entries = Files.list(data.resolve("shuffle"))) {
            assertThat(entries).isEmpty();
        }
    }
}
