package ammi.cli;

import ammi.eval.CodeLikelihood;
import ammi.eval.PackedCodes;
import ammi.util.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "search", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prints the K indexed documents nearest to a query under Hamming distance (or, with --rank likelihood, "
                + "the K codes most likely under a text query's encoder).",
                "",
                "Results are ordered by (distance, index in the codes file): ties go to the earlier document. "
                        + "The query is text, encoded like the training documents (the model's tokenizer, vocabulary and TF-IDF), "
                        + "or an indexed document (--doc), which is then left out of its own results. "
                        + "With a predictive-hashing model, text queries are coded by the encoder the index was not coded with "
                        + "(an index from encode --side y, the default, is queried through q(z|x))."})
final class SearchCommand implements Callable<Integer> {
    @Mixin
    SearchIndex index = new SearchIndex();

    @Parameters(arity = "0..1", paramLabel = "QUERY", description = "Query text (quote it).")
    String query;

    @Option(names = "--doc", paramLabel = "ID", description = "Use this indexed document as the query: its id or SPLIT:INDEX (e.g. test:12).")
    String doc;

    @Option(names = "--queries", paramLabel = "FILE",
            description = "Many text queries, one per line (- = standard input): one JVM and one loaded index for all, "
                    + "so that every query after the first few runs at full speed.")
    Path queries;

    @Option(names = "--k", paramLabel = "K", defaultValue = "10", description = "Documents printed. Default: ${DEFAULT-VALUE}.")
    int k;

    @Option(names = "--rank", paramLabel = "BY", defaultValue = "hamming",
            description = "hamming (default): the query's code, nearest by Hamming distance; likelihood: a text query keeps its "
                    + "encoder's conditionals and the indexed codes rank by log q(code | query), for an order-0 encoder a Hamming distance that "
                    + "weighs each bit by the query's confidence in it (docs/likelihood-ranking.md). Ties by index either way.")
    Ranking rank;

    @Override
    public Integer call() {
        int given = (query != null ? 1 : 0) + (doc != null ? 1 : 0) + (queries != null ? 1 : 0);
        if (given != 1) throw new UserError("give exactly one of QUERY text, --doc ID or --queries FILE");
        if (k < 1) throw new UserError("--k must be at least 1, got " + k);
        if (rank == Ranking.likelihood && doc != null)
            throw new UserError("--rank likelihood needs a text query (QUERY or --queries): --doc " + doc + " has only its stored code");
        List<String> texts = queries == null ? null : readQueries();
        index.open();
        try {
            if (doc != null) {
                int d = index.find(doc);
                answer(index.codes, d, d, index.describe(d));
            } else if (query != null) {
                prepare(query, "the query \"" + query + "\"").run();
            } else {
                // Every query is encoded before any is answered: a bad line fails the run before it prints.
                List<Runnable> answers = new ArrayList<>();
                for (int t = 0; t < texts.size(); t++) {
                    String text = texts.get(t).strip();
                    if (!text.isEmpty()) answers.add(prepare(text, queries + ":" + (t + 1) + ": the query \"" + text + "\""));
                }
                answers.forEach(Runnable::run);
            }
        } finally {
            index.close();
        }
        return 0;
    }

    /** Encodes a text query now (errors name it by {@code what}) and returns the printing of its answer. */
    private Runnable prepare(String text, String what) {
        var x = index.saved.vectorize(text, what);
        String shown = "\"" + text + "\"";
        if (rank == Ranking.likelihood) {
            CodeLikelihood q = index.saved.likelihood(x, index.querySide);
            return () -> answerByLikelihood(q, shown);
        }
        PackedCodes q = index.saved.encode(x, index.querySide);
        return () -> answer(q, 0, -1, shown);
    }

    /** Prints the k indexed codes most likely under the query's encoder. */
    private void answerByLikelihood(CodeLikelihood q, String what) {
        long t0 = System.nanoTime();
        int[] top = q.nearest(index.codes, k);
        double ms = (System.nanoTime() - t0) / 1e6;
        String by = index.querySide == SavedModel.Side.x ? "q(z|x)" : "p(z|y)";
        System.out.printf(Locale.ROOT, "# %d most likely of %d codes (%d bits) in %s under %s of %s (scan %.2f ms)%n",
                top.length, index.codes.count(), index.codes.bits(), index.index, by, what, ms);
        System.out.println("rank  log-prob  document");
        CodeLikelihood.Scorer s = q.scorer().reset(0);
        for (int r = 0; r < top.length; r++)
            System.out.printf(Locale.ROOT, "%4d  %8.2f  %s%n", r + 1, s.score(index.codes, top[r]), index.describe(top[r]));
    }

    /** Prints the k nearest to code qi of q, leaving out indexed document {@code exclude} (-1: none). */
    private void answer(PackedCodes q, int qi, int exclude, String what) {
        long t0 = System.nanoTime();
        index.search.scan(q, qi, exclude);
        int[] top = new int[Math.min(k, index.codes.count())]; // not k: --k may be far larger than the index
        int got = index.search.topK(k, top);
        double ms = (System.nanoTime() - t0) / 1e6;
        String by = index.saved.config().predictive && exclude < 0 ? (index.querySide == SavedModel.Side.x ? " coded by q(z|x)" : " coded by p(z|y)") : "";
        System.out.printf(Locale.ROOT, "# %d nearest of %d codes (%d bits) in %s to %s%s (scan %.2f ms)%n",
                got, index.codes.count(), index.codes.bits(), index.index, what, by, ms);
        System.out.println("rank  distance  document");
        for (int r = 0; r < got; r++) {
            System.out.printf(Locale.ROOT, "%4d  %8d  %s%n", r + 1, index.search.distance(top[r]), index.describe(top[r]));
        }
    }

    /** The lines of --queries (blank ones are skipped later, keeping line numbers for errors). */
    private List<String> readQueries() {
        try {
            List<String> lines = queries.toString().equals("-")
                    ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).lines().toList()
                    : Files.readAllLines(queries, StandardCharsets.UTF_8);
            if (lines.stream().allMatch(String::isBlank)) throw new UserError("--queries " + queries + ": no query (one per line)");
            return lines;
        } catch (NoSuchFileException e) {
            throw new UserError("--queries " + queries + ": no such file");
        } catch (java.nio.charset.CharacterCodingException e) { // its message ("Input length = 1") means nothing to a user
            throw new UserError("--queries " + queries + ": not UTF-8 text (expected one query per line)");
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new UserError("--queries " + queries + ": cannot read (" + e.getMessage() + ")");
        }
    }
}
