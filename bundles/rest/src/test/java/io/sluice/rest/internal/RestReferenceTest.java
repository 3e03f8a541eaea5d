package io.sluice.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/rest.md is what the route table renders. Run with {@code -Dsluice.docs.write=true} to rewrite it after a
 * change to the routes.
 */
class RestReferenceTest {
    private static final Path DOC = Path.of("../../docs/rest.md");

    @Test
    void docsRestMdIsGeneratedFromTheRoutes() throws Exception {
        String rendered = RestReference.render(RestApi.routes(new ClusterHandlers(null, "0", false, 1_000),
                new JobHandlers(null, new JobSubmissions(null, null), System::currentTimeMillis, RestSettings.MAX_RESULT_WAIT),
                new MetricsHandler(null, System::currentTimeMillis)));
        if (Boolean.getBoolean("sluice.docs.write")) {
            Files.writeString(DOC, rendered);
        }
        assertThat(Files.exists(DOC)).as("docs/rest.md exists; write it with -Dsluice.docs.write=true").isTrue();
        assertThat(Files.readString(DOC)).as("docs/rest.md is out of date: run this test with "
                + "-Dsluice.docs.write=true").isEqualTo(rendered);
    }
}
