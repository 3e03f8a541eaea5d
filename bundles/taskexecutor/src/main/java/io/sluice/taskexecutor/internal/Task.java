package io.sluice.taskexecutor.internal;

import io.sluice.api.job.ExecutionState;
import io.sluice.api.job.OperatorSpec;
import io.sluice.api.operator.Collector;
import io.sluice.api.operator.KeyedState;
import io.sluice.api.operator.OneInputOperator;
import io.sluice.api.operator.Operator;
import io.sluice.api.operator.OperatorContext;
import io.sluice.api.operator.OperatorFactory;
import io.sluice.api.operator.SinkOperator;
import io.sluice.api.operator.SourceOperator;
import io.sluice.api.slot.WorkerId;
import io.sluice.rpc.gateway.TaskDeploymentDescriptor;
import io.sluice.rpc.gateway.TaskExecutionState;
import io.sluice.rpc.gateway.TaskFailure;
import io.sluice.shuffle.InputGate;
import io.sluice.shuffle.PartitionUnavailableException;
import io.sluice.shuffle.RecordWriter;
import io.sluice.shuffle.ResultPartition;
import io.sluice.shuffle.ResultPartitionKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One execution attempt of a task, on a thread of its own while it runs (taken from the TaskExecutor's pool,
 * because starting a thread per task is a noticeable part of deploying one): creates the produced partitions and the operator chain,
 * runs records through it — from the head source, or from the input gate — then finishes the chain and the
 * partitions. Reports INITIALIZING, RUNNING and a final state to its listener, from the task thread.
 * {@link #cancel()} interrupts the thread; a cancelled task ends CANCELED. A chain ending in a sink commits only
 * after its JobMaster confirmed that this is still the job's current attempt.
 */
final class Task implements Runnable {
    private final TaskDeploymentDescriptor descriptor;
    private final TaskRuntime runtime;
    private final WorkerId worker;
    private final Consumer<TaskExecutionState> listener;
    private final Supplier<CompletableFuture<Boolean>> confirmCommit;
    private final String name;
    /** The thread running this task, or {@code null} before and after; guarded by {@code this}. */
    private Thread runner;
    /** Read by progress reports from other threads. */
    private final List<RecordWriter> writers = new CopyOnWriteArrayList<>();
    private final List<Operator> opened = new ArrayList<>();
    private volatile boolean canceled;
    private volatile long recordsIn;
    /** The task's input, once it reads; locations that arrive before wait in {@link #lateLocations}. */
    private volatile InputGate gate;
    private final java.util.concurrent.ConcurrentLinkedQueue<TaskDeploymentDescriptor.PartitionLocation> lateLocations =
            new java.util.concurrent.ConcurrentLinkedQueue<>();

    Task(TaskDeploymentDescriptor descriptor, TaskRuntime runtime, WorkerId worker,
            Consumer<TaskExecutionState> listener, Supplier<CompletableFuture<Boolean>> confirmCommit) {
        this.descriptor = descriptor;
        this.runtime = runtime;
        this.worker = worker;
        this.listener = listener;
        this.confirmCommit = confirmCommit;
        this.name = "task " + descriptor.attempt() + " of job '" + descriptor.jobName() + "'";
    }

    TaskDeploymentDescriptor descriptor() {
        return descriptor;
    }

    void start() {
        runtime.taskThreads().execute(this);
    }

    void cancel() {
        canceled = true;
        synchronized (this) {
            if (runner != null) {
                runner.interrupt(); // only while it runs this task: the pooled thread goes on to others
            }
        }
    }

    /** Producers placed after this task was deployed: its channels of their partitions read where they are. */
    void updatePartitionInfo(List<TaskDeploymentDescriptor.PartitionLocation> locations) {
        lateLocations.addAll(locations);
        InputGate current = gate;
        if (current != null) {
            locateLate(current);
        }
    }

    /** From the TaskExecutor's thread or the task's, whichever comes second; locating twice changes nothing. */
    private void locateLate(InputGate current) {
        TaskDeploymentDescriptor.PartitionLocation location;
        while ((location = lateLocations.poll()) != null) {
            current.locate(keyOf(location), channelAddress(location));
        }
    }

    /** The counters as a non-final state, for progress reports. */
    TaskExecutionState progress() {
        return state(ExecutionState.RUNNING, null);
    }

    private TaskExecutionState state(ExecutionState state, TaskFailure failure) {
        long out = 0;
        for (RecordWriter writer : writers) {
            out += writer.recordsOut();
        }
        return new TaskExecutionState(descriptor.attempt(), state, failure, recordsIn, out);
    }

    @Override
    public void run() {
        Thread thread = Thread.currentThread();
        String poolName = thread.getName();
        thread.setName(name); // thread dumps show the task
        synchronized (this) {
            runner = thread;
        }
        try {
            runTask();
        } finally {
            synchronized (this) {
                runner = null;
            }
            Thread.interrupted(); // a cancel that came late must not hit the pooled thread's next task
            thread.setName(poolName);
        }
    }

    private void runTask() {
        InputGate gate = null;
        try {
            if (canceled) {
                throw new InterruptedException("canceled before it started");
            }
            listener.accept(state(ExecutionState.INITIALIZING, null));
            createOutputs();
            List<OperatorContext> contexts = new ArrayList<>();
            for (OperatorSpec spec : descriptor.operators()) {
                contexts.add(context(spec)); // one per operator: create() and open() see the same state
            }
            List<Operator> chain = createChain(contexts);
            for (int i = chain.size() - 1; i >= 0; i--) { // consumers are ready before their producers emit
                chain.get(i).open(contexts.get(i));
                opened.add(chain.get(i));
            }
            Collector[] outputs = collectors(chain);
            listener.accept(state(ExecutionState.RUNNING, null));
            if (chain.get(0) instanceof SourceOperator source) {
                while (!canceled && source.emitNext(outputs[0])) {
                    // one bounded step per call, so a cancel is noticed between steps
                }
            } else {
                gate = new InputGate(runtime.partitions(), channels(),
                        runtime.remote() == null ? null : runtime.remote().newGate());
                this.gate = gate;
                locateLate(gate);
                Collector head = collectorInto(chain.get(0), outputs[0]);
                Runnable flush = this::flushOutputs;
                for (Object[] batch = gate.next(flush); batch != null; batch = gate.next(flush)) {
                    for (Object record : batch) {
                        head.collect(record);
                    }
                    recordsIn += batch.length;
                }
            }
            if (canceled) {
                throw new InterruptedException("canceled");
            }
            if (chain.get(chain.size() - 1) instanceof SinkOperator) {
                awaitCommitConfirmation();
            }
            finishChain(chain, outputs);
            for (RecordWriter writer : writers) {
                writer.finish();
            }
            closeOperators();
            listener.accept(state(ExecutionState.FINISHED, null));
        } catch (Throwable error) {
            Throwable cause = error instanceof OperatorFailure failure ? failure.getCause() : error;
            // the TaskExecutor releases the partitions once this report is on its way: consumers failing on a
            // released partition must not reach the JobMaster before the root cause
            closeOperatorsQuietly(cause);
            listener.accept(canceled ? state(ExecutionState.CANCELED, null)
                    : state(ExecutionState.FAILED, TaskFailure.of(cause, unavailable(cause))));
        } finally {
            if (gate != null) {
                gate.close();
            }
        }
    }

    /** The partition a failure could not read, for the JobMaster to restart its producer. */
    private static TaskFailure.UnavailablePartition unavailable(Throwable cause) {
        return cause instanceof PartitionUnavailableException lost ? new TaskFailure.UnavailablePartition(
                lost.partition().partition(), lost.partition().producerAttempt()) : null;
    }

    private void createOutputs() {
        int subtask = descriptor.attempt().vertex().subtaskIndex();
        for (TaskDeploymentDescriptor.Output output : descriptor.outputs()) {
            ResultPartition partition = new ResultPartition(keyOf(descriptor, output), output.type(),
                    output.subpartitions(), runtime.shuffle());
            runtime.partitions().register(partition, worker);
            writers.add(new RecordWriter(partition, output.partitioner(), runtime.shuffle().batchSize(), subtask));
        }
    }

    /** The partition the task writes for {@code output}. */
    static ResultPartitionKey keyOf(TaskDeploymentDescriptor descriptor, TaskDeploymentDescriptor.Output output) {
        return new ResultPartitionKey(descriptor.job(), descriptor.attempt().graph().value(), output.partition(),
                descriptor.attempt().attemptNumber());
    }

    private List<InputGate.Channel> channels() {
        List<InputGate.Channel> channels = new ArrayList<>();
        for (TaskDeploymentDescriptor.InputGate input : descriptor.inputs()) {
            for (TaskDeploymentDescriptor.PartitionLocation partition : input.partitions()) {
                ResultPartitionKey key = keyOf(partition);
                channels.add(runtime.remote() != null && !partition.isPlaced()
                        ? InputGate.Channel.unplaced(key, input.subpartition())
                        : new InputGate.Channel(key, input.subpartition(), channelAddress(partition)));
            }
        }
        return channels;
    }

    private ResultPartitionKey keyOf(TaskDeploymentDescriptor.PartitionLocation partition) {
        return new ResultPartitionKey(descriptor.job(), partition.producer().graph().value(), partition.partition(),
                partition.producer().attemptNumber());
    }

    /** Where a channel reads the partition: {@code null} in this JVM (this worker, or the embedded platform). */
    private String channelAddress(TaskDeploymentDescriptor.PartitionLocation partition) {
        String address = partition.dataAddress();
        return runtime.remote() == null || address == null || address.equals(runtime.remote().dataAddress()) ? null
                : address;
    }

    /** One instance per operator of the chain, checked against its place: source first, sink last. */
    private List<Operator> createChain(List<OperatorContext> contexts) {
        List<OperatorSpec> specs = descriptor.operators();
        List<Operator> chain = new ArrayList<>(specs.size());
        for (int i = 0; i < specs.size(); i++) {
            OperatorSpec spec = specs.get(i);
            OperatorFactory factory = runtime.operators().find(spec.type()).orElseThrow(() -> new IllegalStateException(
                    "operator '" + spec.id() + "': no bundle on worker " + worker + " provides type '" + spec.type()
                            + "' (known: " + runtime.operators().types() + ")"));
            Operator operator = factory.create(contexts.get(i));
            boolean head = i == 0;
            boolean last = i == specs.size() - 1;
            boolean fits = operator instanceof SourceOperator ? head && descriptor.inputs().isEmpty()
                    : operator instanceof SinkOperator ? last && descriptor.outputs().isEmpty()
                    : operator instanceof OneInputOperator && !(head && descriptor.inputs().isEmpty());
            if (!fits) {
                throw new IllegalStateException("operator '" + spec.id() + "' of type '" + spec.type() + "' ("
                        + operator.getClass().getSimpleName() + ") cannot stand at position " + i + " of task "
                        + descriptor.attempt() + ": sources come first in a task without inputs, sinks last in a task"
                        + " without outputs");
            }
            chain.add(operator);
        }
        return chain;
    }

    /** {@code outputs[i]} takes what operator {@code i} emits: the next operator, or the task's writers. */
    private Collector[] collectors(List<Operator> chain) {
        Collector[] outputs = new Collector[chain.size()];
        outputs[chain.size() - 1] = writerCollector();
        for (int i = chain.size() - 2; i >= 0; i--) {
            outputs[i] = collectorInto(chain.get(i + 1), outputs[i + 1]);
        }
        return outputs;
    }

    private static Collector collectorInto(Operator operator, Collector itsOutput) {
        if (operator instanceof SinkOperator sink) {
            return record -> {
                try {
                    sink.write(record);
                } catch (Exception e) {
                    throw new OperatorFailure(e);
                }
            };
        }
        OneInputOperator next = (OneInputOperator) operator;
        return record -> {
            try {
                next.processRecord(record, itsOutput);
            } catch (OperatorFailure e) {
                throw e;
            } catch (Exception e) {
                throw new OperatorFailure(e);
            }
        };
    }

    private Collector writerCollector() {
        if (writers.isEmpty()) {
            return record -> { }; // the chain ends in a sink, which never emits
        }
        RecordWriter[] all = writers.toArray(RecordWriter[]::new);
        if (all.length == 1) {
            RecordWriter only = all[0];
            return record -> {
                try {
                    only.emit(record);
                } catch (Exception e) {
                    throw new OperatorFailure(e);
                }
            };
        }
        return record -> {
            try {
                for (RecordWriter writer : all) {
                    writer.emit(record);
                }
            } catch (Exception e) {
                throw new OperatorFailure(e);
            }
        };
    }

    private void flushOutputs() {
        try {
            for (RecordWriter writer : writers) {
                writer.flush();
            }
        } catch (Exception e) {
            throw new OperatorFailure(e);
        }
    }

    /**
     * Blocks until the JobMaster answers (its gateway's ask timeout bounds the wait). A worker that was frozen or
     * cut off long enough to be declared lost finds its attempt replaced and fails it instead of committing.
     */
    private void awaitCommitConfirmation() throws InterruptedException {
        Boolean confirmed;
        try {
            confirmed = confirmCommit.get().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(name + " could not confirm its commit with the JobMaster, so its output"
                    + " is not committed: " + e.getCause().getMessage(), e.getCause());
        }
        if (!Boolean.TRUE.equals(confirmed)) {
            throw new IllegalStateException(name + " is no longer the job's running attempt (its TaskExecutor was"
                    + " declared lost or it was cancelled), so its output is not committed");
        }
    }

    /** End of input flows down the chain: each operator emits what it held back before the next one finishes. */
    private static void finishChain(List<Operator> chain, Collector[] outputs) throws Exception {
        for (int i = 0; i < chain.size(); i++) {
            Operator operator = chain.get(i);
            if (operator instanceof OneInputOperator transform) {
                transform.finish(outputs[i]);
            } else if (operator instanceof SinkOperator sink) {
                sink.finish();
            }
        }
    }

    private void closeOperators() throws Exception {
        for (Operator operator : opened) {
            operator.close();
        }
        opened.clear();
    }

    private void closeOperatorsQuietly(Throwable cause) {
        for (Operator operator : opened) {
            try {
                operator.close();
            } catch (Throwable e) {
                cause.addSuppressed(e);
            }
        }
        opened.clear();
    }

    private OperatorContext context(OperatorSpec spec) {
        return new OperatorContext() {
            private final Map<String, KeyedState<?>> states = new HashMap<>();

            @Override
            public String jobName() {
                return descriptor.jobName();
            }

            @Override
            public String operatorId() {
                return spec.id();
            }

            @Override
            public Map<String, Object> params() {
                return spec.params();
            }

            @Override
            public int subtaskIndex() {
                return descriptor.attempt().vertex().subtaskIndex();
            }

            @Override
            public int parallelism() {
                return descriptor.parallelism();
            }

            @Override
            public int attemptNumber() {
                return descriptor.attempt().attemptNumber();
            }

            @Override
            @SuppressWarnings("unchecked")
            public <V> KeyedState<V> keyedState(String name) {
                return (KeyedState<V>) states.computeIfAbsent(name, n -> new HashMapState<>());
            }
        };
    }

    private static final class HashMapState<V> implements KeyedState<V> {
        private final Map<Object, V> values = new HashMap<>();

        @Override
        public V get(Object key) {
            return values.get(key);
        }

        @Override
        public void put(Object key, V value) {
            values.put(key, value);
        }

        @Override
        public void forEach(BiConsumer<Object, V> action) {
            values.forEach(action);
        }
    }

    /** Carries an operator's or a writer's checked exception through a {@link Collector}. */
    private static final class OperatorFailure extends RuntimeException {
        OperatorFailure(Throwable cause) {
            super(cause);
        }
    }
}
