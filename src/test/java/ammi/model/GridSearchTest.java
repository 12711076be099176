package ammi.model;

import ammi.backend.cpu.CpuBackend;
import ammi.data.DataOptions;
import ammi.data.Dataset;
import ammi.data.Datasets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GridSearchTest {
    static Dataset bbc;

    @BeforeAll
    static void load() {
        bbc = Datasets.load("bbc", DataOptions.defaults().withVocabSize(1000));
    }

    static AmmiConfig base() {
        AmmiConfig c = new AmmiConfig();
        c.bits = 8;
        c.epochs = 2;
        return c;
    }

    static Trainer.Result train(AmmiConfig c) {
        try (CpuBackend b = new CpuBackend(c, bbc.train().x())) {
            return new Trainer(b, bbc, c).train(new Trainer.Listener() {});
        }
    }

    /** Scores and settings, not seconds (which no two searches share). */
    static List<String> rows(List<GridSearch.Run> runs) {
        return RunsCsv.format(runs, "data").lines().map(l -> String.join(",", RunsCsv.parse(l).subList(0, 16))).toList();
    }

    @Test
    void runsAreTheirConfigurationsTrainedAloneAndTheBestIsTheHighestValidation() {
        GridSearch search = new GridSearch(base(), Set.of("--batch-size"), 21, 4);
        List<Integer> bestSoFar = new ArrayList<>();
        List<GridSearch.Run> runs = search.search(List.of(), 1, (i, c) -> train(c), (run, result, best, finished) -> {
            if (best) bestSoFar.add(run.index());
            assertEquals(finished.size(), finished.stream().mapToInt(GridSearch.Run::index).max().orElseThrow(), "sequential: in order");
        });
        assertEquals(4, runs.size());
        double bestVal = Double.NEGATIVE_INFINITY;
        int bestIndex = 0;
        for (GridSearch.Run r : runs) {
            assertEquals(16, r.config().batchSize, "--batch-size was fixed");
            Trainer.Result alone = train(search.config(r.index()));
            assertEquals(alone.valPrecision(), r.valPrecision(), 0.0);
            assertEquals(alone.testPrecision(), r.testPrecision(), 0.0);
            assertEquals(alone.epochs().size(), r.epochs());
            if (r.valPrecision() > bestVal) {
                bestVal = r.valPrecision();
                bestIndex = r.index();
            }
        }
        assertEquals(bestIndex, bestSoFar.get(bestSoFar.size() - 1));
        assertEquals(bestIndex, runs.stream().min(GridSearch.BETTER_FIRST).orElseThrow().index());
    }

    @Test
    void concurrentRunsGiveTheSameRunsAsSequentialOnes() {
        GridSearch search = new GridSearch(base(), Set.of(), 4, 4);
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        List<GridSearch.Run> sequential = search.search(List.of(), 1, (i, c) -> train(c), (run, result, best, finished) -> {});
        List<GridSearch.Run> concurrent = search.search(List.of(), 2, (i, c) -> train(c),
                (run, result, best, finished) -> order.add(run.index()));
        assertEquals(rows(sequential), rows(concurrent));
        assertEquals(Set.of(1, 2, 3, 4), Set.copyOf(order));
    }

    @Test
    void resumedSearchTrainsOnlyTheMissingRunsAndEndsTheSame() {
        GridSearch search = new GridSearch(base(), Set.of(), 8, 5);
        List<GridSearch.Run> full = search.search(List.of(), 1, (i, c) -> train(c), (run, result, best, finished) -> {});

        // an interrupted search: run 3 is killed, runs 1 and 2 are done
        List<GridSearch.Run> done = new ArrayList<>();
        assertThrows(IllegalStateException.class, () -> search.search(List.of(), 1, (i, c) -> {
            if (i == 3) throw new IllegalStateException("killed");
            return train(c);
        }, (run, result, best, finished) -> {
            done.clear();
            done.addAll(finished);
        }));
        assertEquals(2, done.size());

        List<Integer> trained = new ArrayList<>();
        List<GridSearch.Run> resumed = search.search(done, 1, (i, c) -> {
            trained.add(i);
            return train(c);
        }, (run, result, best, finished) -> {});
        assertEquals(List.of(3, 4, 5), trained);
        assertEquals(rows(full), rows(resumed));
    }

    @Test
    void aDivergedRunIsRecordedNotFatal() {
        GridSearch search = new GridSearch(base(), Set.of(), 2, 2);
        List<GridSearch.Run> runs = search.search(List.of(), 1, (i, c) -> {
            if (i == 1) throw new Trainer.Diverged("training diverged in the first epoch");
            return train(c);
        }, (run, result, best, finished) -> assertEquals(run.index() == 2, best));
        assertTrue(runs.get(0).diverged());
        assertEquals(2, runs.stream().min(GridSearch.BETTER_FIRST).orElseThrow().index());
    }

    @Test
    void aTimeBudgetStopsStartingRunsAndResumeTrainsTheRest() {
        GridSearch search = new GridSearch(base(), Set.of(), 5, 4);
        List<Integer> trained = new ArrayList<>();
        List<GridSearch.Run> first = search.search(List.of(), 1, (i, c) -> {
            trained.add(i);
            return train(c);
        }, (run, result, best, finished) -> {}, () -> trained.size() < 2);
        assertEquals(List.of(1, 2), trained);
        assertEquals(List.of(1, 2), first.stream().map(GridSearch.Run::index).toList());

        List<GridSearch.Run> rest = search.search(first, 1, (i, c) -> {
            trained.add(i);
            return train(c);
        }, (run, result, best, finished) -> {}, () -> true);
        assertEquals(List.of(1, 2, 3, 4), trained);
        assertEquals(rows(search.search(List.of(), 1, (i, c) -> train(c), (run, result, best, finished) -> {})), rows(rest));
    }
}
