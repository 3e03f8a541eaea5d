package io.sluice.rest.internal;

import java.util.List;
import java.util.Map;

/** docs/rest.md, rendered from the route table so that the reference and the server never disagree. */
final class RestReference {
    private RestReference() {
    }

    static String render(List<Route> routes) {
        StringBuilder doc = new StringBuilder();
        doc.append("# REST API reference\n\n")
                .append("<!-- generated from the route table of bundles/rest (RestReferenceTest); do not edit -->\n\n")
                .append("The master (`sluice master`, or `sluice start`) serves this API on `rest.address`:`rest.port` ")
                .append("(localhost:8081 unless `conf/io.sluice.rest.cfg` says otherwise). Answers are JSON; every ")
                .append("error is `{\"errors\": [\"...\"]}` with a 4xx status for a request that is wrong, 503 when ")
                .append("a component of the master is not answering, and never a stack trace. When `rest.auth.token` ")
                .append("is set, the requests marked *Needs token* must carry `Authorization: Bearer <token>`; ")
                .append("without it they are answered 401 and change nothing. Request bodies longer than ")
                .append("`rest.max-content-length` are answered 413 without being read, and more than ")
                .append("`rest.submissions.max-concurrent` submissions at once 429.\n\n")
                .append("| method | path | what it does |\n| --- | --- | --- |\n");
        for (Route route : routes) {
            doc.append("| ").append(route.method()).append(" | `").append(route.path()).append("` | ")
                    .append(route.summary()).append(route.changesState() ? " *Needs token.*" : "").append(" |\n");
        }
        for (Route route : routes) {
            doc.append("\n## ").append(route.method()).append(' ').append(route.path()).append("\n\n")
                    .append(route.summary()).append("\n\n");
            if (!route.query().isEmpty()) {
                doc.append("Query parameters:\n\n");
                for (Map.Entry<String, String> parameter : route.query().entrySet()) {
                    doc.append("- `").append(parameter.getKey()).append("`: ").append(parameter.getValue()).append('\n');
                }
                doc.append('\n');
            }
            if (route.request() != null) {
                doc.append("Request body: ").append(route.request()).append("\n\n");
            }
            doc.append("Answer: ").append(route.response()).append('\n');
            if (route.changesState()) {
                doc.append("\nNeeds `Authorization: Bearer <rest.auth.token>` when a token is configured.\n");
            }
        }
        return doc.toString();
    }
}
