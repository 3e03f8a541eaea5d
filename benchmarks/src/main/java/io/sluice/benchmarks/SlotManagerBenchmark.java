package io.sluice.benchmarks;

import io.sluice.api.job.JobId;
import io.sluice.api.job.ResourceProfile;
import io.sluice.api.slot.SlotId;
import io.sluice.api.slot.SlotMatchingStrategy;
import io.sluice.api.slot.WorkerId;
import io.sluice.resourcemanager.internal.SlotManager;
import io.sluice.rpc.gateway.AllocationId;
import io.sluice.rpc.gateway.SlotReport;
import io.sluice.rpc.gateway.SlotStatus;
import io.sluice.slotmatcher.bestfit.BestFitSlotMatchingStrategy;
import io.sluice.slotmatcher.spread.SpreadSlotMatchingStrategy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SlotManager throughput: allocate every slot of {@code workers} x 8 slots, then free them all. With
 * {@code spread} every slot is alike; with {@code best-fit} each worker has 2 slots of each of 4 profiles
 * and requests cycle through them. Per-allocation cost is the time divided by 2 x 8 x workers; it must stay
 * flat from 100 to 10,000 workers.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class SlotManagerBenchmark {
    static final int SLOTS_PER_WORKER = 8;
    static final List<ResourceProfile> PROFILES = List.of(ResourceProfile.of(0.25, 256), ResourceProfile.of(0.5, 512),
            ResourceProfile.of(1, 1024), ResourceProfile.of(2, 2048));

    @Param({"spread", "best-fit"})
    public String matcher;

    @Param({"100", "1000", "10000"})
    public int workers;

    SlotManager slotManager;
    List<AllocationId> allocations;
    List<ResourceProfile> requests;
    private final JobId job = new JobId("benchmark");

    @Setup(Level.Invocation)
    public void setup() {
        SlotMatchingStrategy strategy = matcher.equals("spread") ? new SpreadSlotMatchingStrategy()
                : new BestFitSlotMatchingStrategy();
        slotManager = new SlotManager(strategy.createIndex());
        allocations = new ArrayList<>(workers * SLOTS_PER_WORKER);
        requests = new ArrayList<>(workers * SLOTS_PER_WORKER);
        for (int w = 0; w < workers; w++) {
            WorkerId worker = new WorkerId("worker-" + w);
            List<SlotStatus> slots = new ArrayList<>();
            for (int s = 0; s < SLOTS_PER_WORKER; s++) {
                slots.add(SlotStatus.free(new SlotId(worker, s), profileOf(s)));
            }
            slotManager.registerWorker(worker, new SlotReport(slots));
        }
        for (int i = 0; i < workers * SLOTS_PER_WORKER; i++) {
            allocations.add(AllocationId.next());
            requests.add(profileOf(i));
        }
    }

    private ResourceProfile profileOf(int slot) {
        return matcher.equals("spread") ? PROFILES.get(1) : PROFILES.get(slot % PROFILES.size());
    }

    /** Returns how many requests got a slot, so the work cannot be optimised away and can be checked. */
    @Benchmark
    public int allocateAndFreeEverySlot() {
        int allocated = 0;
        Instant now = Instant.EPOCH;
        for (int i = 0; i < allocations.size(); i++) {
            if (slotManager.requestSlot(job, allocations.get(i), requests.get(i), now).isPresent()) {
                allocated++;
            }
        }
        for (AllocationId allocation : allocations) {
            slotManager.freeAllocation(allocation);
        }
        return allocated;
    }
}
