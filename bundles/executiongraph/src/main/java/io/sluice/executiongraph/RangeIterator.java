package io.sluice.executiongraph;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.IntFunction;

/** Iterates {@code element(i)} for i in {@code [start, end)}: how range-backed groups list their members. */
final class RangeIterator<T> implements Iterator<T> {
    private final int end;
    private final IntFunction<T> element;
    private int next;

    RangeIterator(int start, int end, IntFunction<T> element) {
        this.next = start;
        this.end = end;
        this.element = element;
    }

    @Override
    public boolean hasNext() {
        return next < end;
    }

    @Override
    public T next() {
        if (next >= end) {
            throw new NoSuchElementException();
        }
        return element.apply(next++);
    }
}
