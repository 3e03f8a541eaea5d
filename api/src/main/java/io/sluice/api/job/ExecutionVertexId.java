package io.sluice.api.job;

import java.util.Objects;

/**
 * Identifies subtask {@code subtaskIndex} (0-based) of a job vertex. Its text form is {@code VERTEX#i},
 * the form users type on the command line.
 */
public record ExecutionVertexId(JobVertexId jobVertexId, int subtaskIndex) {
    public ExecutionVertexId {
        Objects.requireNonNull(jobVertexId, "jobVertexId");
        if (subtaskIndex < 0) {
            throw new IllegalArgumentException("subtask index must be >= 0, got " + subtaskIndex);
        }
    }

    /** Parses {@code VERTEX#i}; the vertex id may itself contain '#', the last one separates the index. */
    public static ExecutionVertexId parse(String text) {
        int hash = text.lastIndexOf('#');
        if (hash <= 0 || hash == text.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not a task id of the form VERTEX#i");
        }
        int index;
        try {
            index = Integer.parseInt(text.substring(hash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a task id of the form VERTEX#i: '"
                    + text.substring(hash + 1) + "' is not a subtask index");
        }
        return new ExecutionVertexId(new JobVertexId(text.substring(0, hash)), index);
    }

    // explicit, so that a cold JVM does not bootstrap the record's invokedynamic equals/hashCode on hot paths
    @Override
    public boolean equals(Object o) {
        return o instanceof ExecutionVertexId other && subtaskIndex == other.subtaskIndex
                && jobVertexId.equals(other.jobVertexId);
    }

    @Override
    public int hashCode() {
        return 31 * jobVertexId.hashCode() + subtaskIndex;
    }

    @Override
    public String toString() {
        return jobVertexId + "#" + subtaskIndex;
    }
}
