package io.sluice.jobmaster.internal;

import io.sluice.api.job.ExecutionVertexId;
import io.sluice.api.job.ResourceProfile;
import io.sluice.api.job.SlotSharingGroup;
import io.sluice.api.scheduling.SchedulingExecutionVertex;
import io.sluice.executiongraph.ExecutionGraph;
import io.sluice.executiongraph.ExecutionJobVertex;
import io.sluice.executiongraph.ExecutionVertex;
import io.sluice.rpc.gateway.AllocationId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Slot sharing: subtask {@code i} of every job vertex in a slot sharing group goes into the group's
 * {@code i}-th shared slot, so a slot never holds two subtasks of one vertex, the group needs as many slots
 * as its highest parallelism, and co-located vertices (same group and parallelism, checked at compilation)
 * land together. A shared slot asks the SlotPool for one physical slot covering its members' resources, and
 * goes back to the pool when its last member ends; asking again prefers the allocation it had. Main thread only.
 */
final class SharedSlots {
    private record Key(SlotSharingGroup group, int index) {
    }

    private static final class SharedSlot {
        final CompletableFuture<PhysicalSlot> physical;
        final Set<ExecutionVertexId> members = new HashSet<>();

        SharedSlot(CompletableFuture<PhysicalSlot> physical) {
            this.physical = physical;
        }
    }

    private final ExecutionGraph graph;
    private final SlotPool slotPool;
    private final Map<Key, SharedSlot> active = new HashMap<>();
    private final Map<Key, AllocationId> previous = new HashMap<>();

    SharedSlots(ExecutionGraph graph, SlotPool slotPool) {
        this.graph = graph;
        this.slotPool = slotPool;
    }

    /** The physical slot of the vertex's shared slot, requested if the shared slot has none yet. */
    CompletableFuture<PhysicalSlot> acquire(ExecutionVertex vertex) {
        Key key = keyOf(vertex);
        SharedSlot shared = active.get(key);
        if (shared == null) {
            shared = new SharedSlot(slotPool.allocateSlot(profileOf(key), previous.get(key)));
            active.put(key, shared);
            shared.members.add(vertex.getId());
            SharedSlot requested = shared;
            shared.physical.thenAccept(slot -> {
                previous.put(key, slot.allocation());
                if (active.get(key) != requested) {
                    slotPool.releaseSlot(slot.allocation()); // every member ended before the slot came
                }
            });
            return shared.physical;
        }
        shared.members.add(vertex.getId());
        return shared.physical;
    }

    /** The vertex's execution ended: the shared slot returns to the pool once it has no members. */
    void release(ExecutionVertex vertex) {
        Key key = keyOf(vertex);
        SharedSlot shared = active.get(key);
        if (shared == null || !shared.members.remove(vertex.getId()) || !shared.members.isEmpty()) {
            return;
        }
        active.remove(key);
        PhysicalSlot slot = shared.physical.getNow(null);
        if (slot != null) {
            slotPool.releaseSlot(slot.allocation());
        }
    }

    /** Slots the given tasks take when they run at the same time: one per slot sharing group and subtask index. */
    static int slotsNeeded(ExecutionGraph graph, Iterable<? extends SchedulingExecutionVertex> tasks) {
        Set<Key> slots = new HashSet<>();
        for (SchedulingExecutionVertex task : tasks) {
            slots.add(keyOf(graph.getVertex(task.getId())));
        }
        return slots.size();
    }

    /**
     * The resources each shared slot of the job asks for, with the subtask it first appears at; unknown profiles
     * (any slot fits) left out. A group's slot {@code i} holds subtask {@code i} of each member with more than
     * {@code i} subtasks, so its profile only changes where a member's parallelism ends.
     */
    static Map<ResourceProfile, String> slotProfiles(ExecutionGraph graph) {
        Map<SlotSharingGroup, java.util.TreeSet<Integer>> boundaries = new HashMap<>();
        for (ExecutionJobVertex jobVertex : graph.jobVertices()) {
            boundaries.computeIfAbsent(jobVertex.jobVertex().slotSharingGroup(), g -> new java.util.TreeSet<>())
                    .add(jobVertex.parallelism() - 1);
        }
        Map<ResourceProfile, String> profiles = new java.util.LinkedHashMap<>();
        boundaries.forEach((group, lastIndices) -> {
            int first = 0;
            for (int index : lastIndices) {
                ResourceProfile profile = profileOf(graph, new Key(group, index));
                if (!profile.isUnknown()) {
                    profiles.putIfAbsent(profile, (first == index ? "slot " + index : "slots " + first + "-" + index)
                            + " of slot sharing group '" + group.name() + "'");
                }
                first = index + 1;
            }
        });
        return profiles;
    }

    private static Key keyOf(ExecutionVertex vertex) {
        return new Key(vertex.jobVertex().jobVertex().slotSharingGroup(), vertex.subtaskIndex());
    }

    /**
     * The sum of what the group's vertices with a subtask at this index declare; unknown if any declares nothing. It
     * cannot overflow: {@code JobChecks} refuses a job whose group's declared resources, all added up, do.
     */
    private ResourceProfile profileOf(Key key) {
        return profileOf(graph, key);
    }

    private static ResourceProfile profileOf(ExecutionGraph graph, Key key) {
        ResourceProfile total = ResourceProfile.ZERO;
        for (ExecutionJobVertex jobVertex : graph.jobVertices()) {
            if (jobVertex.jobVertex().slotSharingGroup().equals(key.group()) && jobVertex.parallelism() > key.index()) {
                ResourceProfile resources = jobVertex.jobVertex().resources();
                if (resources.isUnknown()) {
                    return ResourceProfile.UNKNOWN;
                }
                total = total.plus(resources);
            }
        }
        return total;
    }
}
