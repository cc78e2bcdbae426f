package dev.sextant.server.store.sql;

import dev.sextant.server.domain.Run;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * A page's runs with their details, read a slice of rows at a time as the caller asks for the next run: the first
 * slice comes already read, each later one is read (by {@code details}) only when the one before is used up. A
 * caller that stops (a client gone quiet while its page is written) leaves the later slices unread.
 */
final class RunSlices implements Iterator<Run> {
    private final List<RunSql.RunRow> rows;
    private final int slice;
    private final Function<List<RunSql.RunRow>, List<Run>> details;
    private List<Run> current;
    private int start;    // the current slice's first row
    private int position; // within the current slice

    RunSlices(List<RunSql.RunRow> rows, List<Run> first, int slice, Function<List<RunSql.RunRow>, List<Run>> details) {
        if (slice < 1) throw new IllegalArgumentException("slice must be at least 1, got " + slice);
        this.rows = rows;
        this.slice = slice;
        this.details = details;
        this.current = first;
    }

    @Override
    public boolean hasNext() {
        return start + position < rows.size();
    }

    @Override
    public Run next() {
        if (!hasNext()) throw new NoSuchElementException();
        if (position == current.size()) {
            start += current.size();
            position = 0;
            current = null; // let the used slice go before the next one is read
            current = details.apply(rows.subList(start, Math.min(start + slice, rows.size())));
        }
        return current.get(position++);
    }
}
