/**
 * The REST API of the master (and of the embedded platform started with {@code sluice start}): routes modelled on
 * Flink's REST API, served by one servlet on the Felix HTTP whiteboard, JSON in and out through Jackson. Nothing
 * here is exported: clients speak HTTP, and docs/rest.md is generated from the route table.
 */
package io.sluice.rest.internal;
