package io.sluice.transport.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.rpc.ProcessRole;
import io.sluice.transport.TransportSettings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** conf/io.sluice.transport.cfg as the master and the workers read it. */
class TransportConfigTest {
    @TempDir
    Path conf;

    @Test
    void aMasterBehindAProxyListensOnItsBindPortAndHandsOutTheAdvertisedOne() throws Exception {
        TransportSettings settings = NettyRpcServiceComponent.parse(Map.of("master.rpc.bind-port", "7000"),
                ProcessRole.MASTER, conf, "6200");

        assertThat(settings.port()).isEqualTo(7000);
        assertThat(settings.advertisedPort()).isEqualTo(6200);
    }

    @Test
    void withoutABindPortTheMasterListensOnItsRpcPort() throws Exception {
        TransportSettings settings = NettyRpcServiceComponent.parse(Map.of("master.rpc.port", "6300"),
                ProcessRole.MASTER, conf, null);

        assertThat(settings.port()).isEqualTo(6300);
        assertThat(settings.advertisedPort()).isZero();
    }

    @Test
    void aWorkerIgnoresTheMastersBindPort() throws Exception {
        NettyRpcServiceComponent.parse(Map.of(), ProcessRole.MASTER, conf, null); // writes the secret
        TransportSettings settings = NettyRpcServiceComponent.parse(Map.of("master.rpc.bind-port", "7000"),
                ProcessRole.WORKER, conf, null);

        assertThat(settings.port()).isZero();
        assertThat(settings.advertisedPort()).isZero();
    }

    @Test
    void aBindPortOutOfRangeIsNamed() {
        assertThatThrownBy(() -> NettyRpcServiceComponent.parse(Map.of("master.rpc.bind-port", "70000"),
                ProcessRole.MASTER, conf, null)).hasMessage("master.rpc.bind-port 70000 is out of range (0 to 65535)");
    }
}
