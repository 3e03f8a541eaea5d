package io.sluice.clustertests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.api.job.JobGraph;
import io.sluice.api.job.JobId;
import io.sluice.api.job.JobStatus;
import io.sluice.rpc.RpcException;
import io.sluice.rpc.gateway.JobDetails;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@code process} resource provider: the master starts worker JVMs when a job needs slots, stops idle ones. */
class ProcessProviderIT {
    private LocalCluster cluster;

    @AfterEach
    void stop() throws Exception {
        cluster.close();
    }

    @Test
    void aJobOnAMasterWithoutWorkersGetsAStartedWorkerWhichStopsWhenIdleAndNothingOutlivesTheMaster()
            throws Exception {
        cluster = LocalCluster.create("process");
        Path conf = cluster.home().resolve("conf");
        Path registry = conf.resolve("io.sluice.registry.cfg");
        Files.writeString(registry, Files.readString(registry).replace("resource-provider = embedded",
                "resource-provider = process"));
        Files.writeString(conf.resolve("io.sluice.resourcemanager.cfg"),
                "resourcemanager.worker-idle-timeout = 2s\ntaskexecutor.slots = 2\n", StandardCharsets.UTF_8);
        cluster.startMaster();
        assertThat(cluster.clusterStatus().workers()).isEmpty();

        Path out = cluster.home().resolve("out/wordcount");
        JobGraph job = LocalCluster.wordCount(out);
        JobId id = cluster.dispatcher().submitJob(job).get(30, TimeUnit.SECONDS);
        JobDetails result = null;
        for (int i = 0; i < 10 && result == null; i++) {
            try {
                result = cluster.dispatcher().requestJobResult(id).get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(RpcException.class); // still running: ask again
            }
        }
        assertThat(result).isNotNull();
        assertThat(result.status()).as(cluster.log("master")).isEqualTo(JobStatus.FINISHED);
        assertThat(Files.list(out).filter(p -> p.getFileName().toString().startsWith("part-")).count()).isEqualTo(2);
        assertThat(cluster.log("master")).contains("started worker process-");

        await("the idle worker stopped").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> cluster.clusterStatus().workers().isEmpty() && cluster.jvms().size() == 1);

        cluster.close();
        await("nothing outlives the master").atMost(Duration.ofSeconds(30)).until(() -> cluster.jvms().isEmpty());
    }
}
