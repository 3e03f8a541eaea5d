package io.sluice.rest.internal;

import io.sluice.api.job.JobStatus;
import io.sluice.api.job.ResourceProfile;
import io.sluice.registry.PluginInfo;
import io.sluice.registry.StrategyRegistry;
import io.sluice.rpc.gateway.ClusterStatus;
import io.sluice.rpc.gateway.DispatcherGateway;
import io.sluice.rpc.gateway.JobDetails;
import io.sluice.rpc.gateway.ResourceManagerGateway;
import io.sluice.rpc.gateway.SlotStatus;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.CompletableFuture;

/** The routes about the cluster: its overview, workers and slots, plugins, and the UI's configuration. */
final class ClusterHandlers {
    private final Backend backend;
    private final String version;
    private final boolean authRequired;
    private final long refreshMillis;

    ClusterHandlers(Backend backend, String version, boolean authRequired, long refreshMillis) {
        this.backend = backend;
        this.version = version;
        this.authRequired = authRequired;
        this.refreshMillis = refreshMillis;
    }

    List<Route> routes() {
        return List.of(
                new Route("GET", "/config", "What the web UI needs to know: refresh interval, version, time zone, "
                        + "and whether state-changing requests need the token.", Map.of(), null,
                        "`{\"refresh-interval\", \"sluice-version\", \"timezone-name\", \"timezone-offset\", "
                                + "\"auth-required\", \"features\": {\"web-submit\", \"web-cancel\"}}`", false, this::config),
                new Route("GET", "/overview", "Workers, slots and jobs by state, in one answer.", Map.of(), null,
                        "`{\"workers\", \"slots-total\", \"slots-available\", \"pending-slot-requests\", "
                                + "\"jobs-running\", \"jobs-finished\", \"jobs-cancelled\", \"jobs-failed\", "
                                + "\"sluice-version\"}`", false, this::overview),
                new Route("GET", "/workers", "Every registered worker with its slot counts, and the slot requests "
                        + "waiting for a slot.", Map.of(), null, "`{\"workers\": [{\"id\", \"slots-total\", "
                                + "\"slots-free\", \"slots\": [as in /workers/:workerid]}], \"pending-requests\": [{\"job\", \"allocation\", \"profile\", "
                                + "\"age-ms\"}]}`", false, this::workers),
                new Route("GET", "/workers/:workerid", "One worker's slots: free, or allocated to which job.", Map.of(),
                        null, "`{\"id\", \"slots\": [{\"id\", \"index\", \"profile\", \"state\": \"FREE\"|\"ALLOCATED\", "
                                + "\"job\", \"allocation\"}]}`", false, this::worker),
                new Route("GET", "/plugins", "Every strategy plugin: kind, name, bundle, version, state, and whether "
                        + "it is the default of its kind.", Map.of(), null, "`{\"plugins\": [{\"kind\", \"name\", "
                                + "\"bundle\", \"version\", \"state\", \"default\"}]}`", false, this::plugins));
    }

    private CompletableFuture<RestReply> config(RestRequest request) {
        TimeZone zone = TimeZone.getDefault();
        return CompletableFuture.completedFuture(RestReply.ok(Json.object("refresh-interval", refreshMillis,
                "sluice-version", version, "timezone-name", zone.getID(),
                "timezone-offset", zone.getOffset(System.currentTimeMillis()), "auth-required", authRequired,
                "features", Json.object("web-submit", true, "web-cancel", true))));
    }

    private CompletableFuture<RestReply> overview(RestRequest request) {
        DispatcherGateway dispatcher = backend.dispatcher();
        if (dispatcher == null) {
            throw Backend.unavailable("Dispatcher");
        }
        return cluster().thenCombine(dispatcher.listJobs(), (cluster, jobs) -> {
            Map<JobStatus, Integer> byState = new EnumMap<>(JobStatus.class);
            for (JobDetails job : jobs) {
                byState.merge(job.status(), 1, Integer::sum);
            }
            int running = 0;
            for (JobStatus status : JobStatus.values()) {
                running += status.isGloballyTerminal() ? 0 : byState.getOrDefault(status, 0);
            }
            return RestReply.ok(Json.object("workers", cluster.workers().size(), "slots-total", cluster.totalSlots(),
                    "slots-available", cluster.freeSlots(), "pending-slot-requests", cluster.pending().size(),
                    "jobs-running", running, "jobs-finished", byState.getOrDefault(JobStatus.FINISHED, 0),
                    "jobs-cancelled", byState.getOrDefault(JobStatus.CANCELED, 0),
                    "jobs-failed", byState.getOrDefault(JobStatus.FAILED, 0), "sluice-version", version));
        });
    }

    private CompletableFuture<RestReply> workers(RestRequest request) {
        return cluster().thenApply(cluster -> {
            List<Object> workers = new ArrayList<>();
            for (ClusterStatus.Worker worker : cluster.workers()) {
                workers.add(Json.object("id", worker.id().value(), "slots-total", worker.slots().size(),
                        "slots-free", worker.freeSlots(),
                        "slots", slots(worker)));
            }
            List<Object> pending = new ArrayList<>();
            for (ClusterStatus.PendingRequest waiting : cluster.pending()) {
                pending.add(Json.object("job", waiting.job().value(), "allocation", waiting.allocation().value(),
                        "profile", profile(waiting.profile()), "age-ms", waiting.age().toMillis()));
            }
            return RestReply.ok(Json.object("workers", workers, "pending-requests", pending));
        });
    }

    private CompletableFuture<RestReply> worker(RestRequest request) {
        String id = request.pathParameter("workerid");
        return cluster().thenApply(cluster -> {
            for (ClusterStatus.Worker worker : cluster.workers()) {
                if (worker.id().value().equals(id)) {
                    return RestReply.ok(Json.object("id", id, "slots", slots(worker)));
                }
            }
            throw RestException.notFound("no worker " + id + " is registered (GET /workers lists them)");
        });
    }

    private static List<Object> slots(ClusterStatus.Worker worker) {
        List<Object> slots = new ArrayList<>();
        for (SlotStatus slot : worker.slots()) {
            slots.add(Json.object("id", slot.slotId().toString(), "index", slot.slotId().index(),
                    "profile", profile(slot.profile()), "state", slot.isFree() ? "FREE" : "ALLOCATED",
                    "job", slot.isFree() ? null : slot.job().value(),
                    "allocation", slot.isFree() ? null : slot.allocation().value()));
        }
        return slots;
    }

    private CompletableFuture<RestReply> plugins(RestRequest request) {
        StrategyRegistry registry = backend.registry();
        if (registry == null) {
            throw Backend.unavailable("strategy registry");
        }
        List<Object> plugins = new ArrayList<>();
        for (PluginInfo plugin : registry.plugins()) {
            plugins.add(Json.object("kind", plugin.kind().id(), "name", plugin.name(),
                    "bundle", plugin.bundleSymbolicName(), "version", plugin.bundleVersion(),
                    "state", plugin.state().name(), "default", plugin.isDefault()));
        }
        return CompletableFuture.completedFuture(RestReply.ok(Json.object("plugins", plugins)));
    }

    private CompletableFuture<ClusterStatus> cluster() {
        ResourceManagerGateway resourceManager = backend.resourceManager();
        if (resourceManager == null) {
            throw Backend.unavailable("ResourceManager");
        }
        return resourceManager.requestClusterStatus();
    }

    private static Object profile(ResourceProfile profile) {
        return profile.equals(ResourceProfile.UNKNOWN) ? "any" : Json.object("cpu-millicores", profile.cpuMilliCores(),
                "heap-mb", profile.heapMb(), "managed-mb", profile.managedMb());
    }
}
