package io.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sluice.registry.PluginInfo;
import io.sluice.registry.StrategyKind;
import io.sluice.registry.StrategyRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;

/** Bad files in deploy/ and conf/ are reported clearly and change nothing else. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BadInputIT extends PlatformTestSupport {

    @Inject
    private StrategyRegistry registry;

    @Test
    public void anUnresolvableBundleInDeployIsReportedAndEverythingElseKeepsRunning() throws Exception {
        int pluginsBefore = activePlugins();
        Path broken = deployDir().resolve("broken-plugin.jar");
        writeAtomically(broken, Jars.unresolvable("com.example.broken", "com.example.missing"));

        LogEntry entry = awaitLogged("broken-plugin.jar", "com.example.missing");
        assertTrue("logged as a warning or worse: " + entry.getLogLevel(), entry.getLogLevel().implies(LogLevel.WARN));
        Bundle bundle = awaitValue("the broken bundle installed", () -> bundleNamed("com.example.broken"), b -> b != null);
        assertEquals(Bundle.INSTALLED, bundle.getState());
        assertEquals(Bundle.ACTIVE, context.getBundle(0).getState());
        assertEquals(pluginsBefore, activePlugins());

        Files.delete(broken);
        awaitTrue("the broken bundle uninstalled", () -> bundleNamed("com.example.broken") == null);
    }

    @Test
    public void anInvalidValueInACfgFileIsRejectedNamingFileKeyAndValueAndTheOldDefaultsStay() throws Exception {
        Path cfg = confDir().resolve("io.sluice.registry.cfg");
        byte[] original = Files.readAllBytes(cfg);
        try {
            writeAtomically(cfg, "scheduler = eager\nfailover = Region!\n".getBytes(StandardCharsets.UTF_8));
            LogEntry entry = awaitLogged(cfg + " rejected, keeping the previous defaults",
                    "'failover' = 'Region!' is not a strategy name");
            assertEquals(LogLevel.ERROR, entry.getLogLevel());
            assertEquals("region", registry.defaultName(StrategyKind.FAILOVER));
        } finally {
            writeAtomically(cfg, original);
        }
    }

    @Test
    public void aCfgFileThatCannotBeParsedIsReportedAndChangesNothing() throws Exception {
        int pluginsBefore = activePlugins();
        Path cfg = confDir().resolve("io.sluice.unparsable.cfg");
        writeAtomically(cfg, "key = \\uZZZZ\n".getBytes(StandardCharsets.UTF_8));
        try {
            LogEntry entry = awaitLogged("io.sluice.unparsable.cfg", "ZZZZ");
            assertEquals(LogLevel.ERROR, entry.getLogLevel());
            assertEquals(Bundle.ACTIVE, context.getBundle(0).getState());
            assertEquals(pluginsBefore, activePlugins());
            assertEquals("pipelined-region", registry.defaultName(StrategyKind.SCHEDULER));
        } finally {
            Files.delete(cfg);
        }
    }

    private int activePlugins() {
        List<PluginInfo> plugins = awaitValue("the distribution's plugins", registry::plugins, list -> list.size() >= 7);
        return (int) plugins.stream().filter(p -> p.state() == PluginInfo.State.ACTIVE).count();
    }

    private Bundle bundleNamed(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        return null;
    }
}
