package io.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.Test;

/** The Markdown a user reads renders: every code fence that opens also closes (an open one swallows the rest). */
public class DocsIT {

    @Test
    public void everyCodeFenceInTheDocsAndTheReadmeIsClosed() throws Exception {
        Path docs = Path.of(System.getProperty("sluice.docs.dir"));
        List<Path> pages = new ArrayList<>(List.of(docs.resolve("../README.md").normalize()));
        try (Stream<Path> files = Files.list(docs)) {
            files.filter(file -> file.toString().endsWith(".md")).forEach(pages::add);
        }
        assertTrue("no pages found under " + docs, pages.size() > 1);
        for (Path page : pages) {
            long fences = Files.readAllLines(page).stream().filter(line -> line.stripLeading().startsWith("```")).count();
            assertEquals(page + " has an unclosed code fence", 0, fences % 2);
        }
    }
}
