package io.sluice.executiongraph;

import java.util.AbstractList;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.RandomAccess;

/**
 * A read-only list over an array the graph owns: one small object per call and a direct iterator, because
 * schedulers and failover strategies ask for these lists in their innermost loops.
 */
final class ArrayView<T> extends AbstractList<T> implements RandomAccess {
    private final T[] elements;

    ArrayView(T[] elements) {
        this.elements = elements;
    }

    @Override
    public T get(int index) {
        return elements[index];
    }

    @Override
    public int size() {
        return elements.length;
    }

    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < elements.length;
            }

            @Override
            public T next() {
                if (next >= elements.length) {
                    throw new NoSuchElementException();
                }
                return elements[next++];
            }
        };
    }
}
