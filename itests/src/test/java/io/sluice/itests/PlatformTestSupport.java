package io.sluice.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.options.UrlProvisionOption;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;

/**
 * Runs the distribution inside Pax Exam's Felix: every jar of the distribution's bundle/ folder, and the
 * framework properties of its conf/config.properties, with a private copy of conf/ and an empty deploy/
 * under target/it-work so FileInstall watches real folders the tests can write to.
 */
public abstract class PlatformTestSupport {
    protected static final Duration TIMEOUT = Duration.ofSeconds(20);

    /**
     * Bundles that start before Pax Exam's own (start level 2), as they start before every other bundle of the
     * distribution (bin/felix.jar starts bundle/ in the order of the file names): SLF4J binds to Logback only if
     * SPI Fly and logback-classic are active when the first bundle asks for a logger, and stays without one for good
     * otherwise.
     */
    private static final List<String> LOGGING = List.of("org.objectweb.asm", "org.apache.aries.spifly", "slf4j.api",
            "ch.qos.logback", "org.apache.felix.log");

    /** Framework properties the test container owns (storage, bundle installation, shutdown). */
    private static final List<String> CONTAINER_OWNED = List.of("felix.auto.", "org.osgi.framework.storage",
            "felix.shutdown.hook");

    @Inject
    protected BundleContext context;

    @Inject
    protected LogReaderService logReader;

    protected final List<LogEntry> logged = new CopyOnWriteArrayList<>();
    private final LogListener logListener = logged::add;

    @Configuration
    public Option[] configuration() throws IOException {
        Path dist = Path.of(System.getProperty("sluice.dist.dir"));
        Path home = Path.of(System.getProperty("sluice.it.work")).resolve(getClass().getSimpleName());
        deleteRecursively(home);
        Files.createDirectories(home.resolve("deploy"));
        Files.createDirectories(home.resolve("logs"));
        copyFolder(dist.resolve("conf"), home.resolve("conf"));

        List<Option> options = new ArrayList<>();
        options.add(cleanCaches());
        options.add(systemProperty("sluice.home").value(home.toString()));
        options.add(systemProperty("sluice.log.dir").value(home.resolve("logs").toString()));
        options.add(systemProperty("logback.configurationFile").value(home.resolve("conf/logback.xml").toString()));
        options.add(systemProperty("gosh.args").value("--nointeractive"));
        Properties framework = new Properties();
        try (InputStream in = Files.newInputStream(dist.resolve("conf/config.properties"))) {
            framework.load(in);
        }
        for (String key : framework.stringPropertyNames()) {
            if (CONTAINER_OWNED.stream().noneMatch(key::startsWith)) {
                String value = framework.getProperty(key).replace("${sluice.home}", home.toString());
                options.add(frameworkProperty(key).value(value));
            }
        }
        try (Stream<Path> jars = Files.list(dist.resolve("bundle"))) {
            jars.filter(jar -> jar.toString().endsWith(".jar")).sorted().forEach(jar -> {
                Attributes manifest = manifest(jar);
                UrlProvisionOption bundle = bundle(jar.toUri().toString())
                        .start(manifest.getValue(Constants.FRAGMENT_HOST) == null);
                String name = manifest.getValue(Constants.BUNDLE_SYMBOLICNAME);
                if (name != null && LOGGING.stream().anyMatch(name::startsWith)) {
                    bundle.startLevel(1);
                }
                options.add(bundle);
            });
        }
        options.add(junitBundles());
        return options.toArray(Option[]::new);
    }

    @Before
    public void captureLog() {
        logReader.addLogListener(logListener);
    }

    @After
    public void releaseLog() {
        logReader.removeLogListener(logListener);
    }

    /** The folder FileInstall watches for configurations in this test's framework. */
    protected Path confDir() {
        return Path.of(context.getProperty("felix.fileinstall.dir"));
    }

    protected Path deployDir() {
        return Path.of(System.getProperty("sluice.home")).resolve("deploy");
    }

    /** Writes next to the target and renames, so FileInstall never sees a half-written file. */
    protected static void writeAtomically(Path target, byte[] content) {
        try {
            Path temp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.write(temp, content);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for a log entry whose message (and exception) mention every fragment. */
    protected LogEntry awaitLogged(String... fragments) {
        return awaitValue("a log entry mentioning " + String.join(", ", fragments),
                () -> logged.stream().filter(entry -> mentionsAll(entry, fragments)).findFirst().orElse(null),
                entry -> entry != null);
    }

    /**
     * Polls {@code value} until {@code done} accepts it, for at most {@link #TIMEOUT}; fails naming what was
     * awaited and the last value seen. (Awaitility cannot be used inside the probe: Pax Exam's JUnit 4
     * bundle wires it to hamcrest 1.3, which conflicts with Awaitility's hamcrest 2.)
     */
    protected static <T> T awaitValue(String what, Supplier<T> value, Predicate<T> done) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        T last = value.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + TIMEOUT.toSeconds() + " s waiting for " + what
                        + "; last seen: " + last);
            }
            LockSupport.parkNanos(20_000_000L);
            last = value.get();
        }
        return last;
    }

    /**
     * The job's final details, for at most a minute. Each ask is answered within {@code rpc.ask-timeout}; while the
     * job runs, it is asked again.
     */
    protected static io.sluice.rpc.gateway.JobDetails awaitResult(io.sluice.rpc.gateway.DispatcherGateway dispatcher,
            io.sluice.api.job.JobId id) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(1);
        while (true) {
            try {
                return dispatcher.requestJobResult(id).get(1, java.util.concurrent.TimeUnit.MINUTES);
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof io.sluice.rpc.RpcException) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }

    protected static void awaitTrue(String what, BooleanSupplier condition) {
        awaitValue(what, condition::getAsBoolean, Boolean::booleanValue);
    }

    private static boolean mentionsAll(LogEntry entry, String... fragments) {
        String text = entry.getMessage() + (entry.getException() == null ? "" : " " + entry.getException());
        return Stream.of(fragments).allMatch(text::contains);
    }

    private static Attributes manifest(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            return manifest == null ? new Attributes() : manifest.getMainAttributes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyFolder(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }
}
