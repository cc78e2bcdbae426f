package dev.sextant.server.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.server.domain.LifecycleStage;
import dev.sextant.server.domain.Run;
import dev.sextant.server.domain.RunStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A page's later slices are read one at a time, each only when the caller reaches it. */
class RunSlicesTest {
    private final List<List<String>> reads = new ArrayList<>();

    @Test
    void each_later_slice_is_read_when_its_first_run_is_asked_for() {
        var rows = IntStream.range(0, 5).mapToObj(RunSlicesTest::row).toList();
        var slices = new RunSlices(rows, details(rows.subList(0, 2)), 2, this::details);
        reads.clear(); // the first slice comes already read

        var seen = new ArrayList<String>();
        seen.add(slices.next().runId());
        seen.add(slices.next().runId());
        assertThat(reads).isEmpty();
        seen.add(slices.next().runId());
        assertThat(reads).containsExactly(List.of("r2", "r3"));
        seen.add(slices.next().runId());
        seen.add(slices.next().runId());
        assertThat(reads).containsExactly(List.of("r2", "r3"), List.of("r4"));
        assertThat(seen).containsExactly("r0", "r1", "r2", "r3", "r4");
        assertThat(slices.hasNext()).isFalse();
        assertThatThrownBy(slices::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void an_empty_page_reads_nothing() {
        var slices = new RunSlices(List.of(), List.of(), 3, this::details);
        assertThat(slices.hasNext()).isFalse();
        assertThat(reads).isEmpty();
    }

    private List<Run> details(List<RunSql.RunRow> rows) {
        reads.add(rows.stream().map(RunSql.RunRow::runId).toList());
        return rows.stream().map(row -> row.withDetails(Map.of(), Map.of(), List.of(), List.of(), List.of())).toList();
    }

    private static RunSql.RunRow row(int i) {
        return new RunSql.RunRow("r" + i, 1, "run " + i, RunStatus.FINISHED, i, null, LifecycleStage.ACTIVE, "", null, "", "");
    }
}
