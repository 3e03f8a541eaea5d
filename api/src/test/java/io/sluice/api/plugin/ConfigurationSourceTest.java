package io.sluice.api.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigurationSourceTest {

    @Test
    void aConfigurationFromAFileIsNamedByItsPath() {
        Path file = Path.of("/opt/sluice/conf/io.sluice.taskexecutor-w3.cfg").toAbsolutePath();
        assertThat(ConfigurationSource.describe(Map.of("service.pid", "io.sluice.taskexecutor~w3",
                "felix.fileinstall.filename", file.toUri().toString()))).isEqualTo(file.toString());
    }

    @Test
    void aConfigurationWithoutAFileIsNamedByItsPid() {
        assertThat(ConfigurationSource.describe(Map.of("service.pid", "io.sluice.rpc")))
                .isEqualTo("configuration io.sluice.rpc");
    }

    @Test
    void aFileNameThatIsNoFileUrlIsShownAsGiven() {
        assertThat(ConfigurationSource.describe(Map.of("felix.fileinstall.filename", "conf/x.cfg")))
                .isEqualTo("conf/x.cfg");
    }
}
