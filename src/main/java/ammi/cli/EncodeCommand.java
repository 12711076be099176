package ammi.cli;

import ammi.data.Dataset;
import ammi.data.Split;
import ammi.eval.PackedCodes;
import ammi.pairs.PairDataset;
import ammi.pairs.PairSplit;
import ammi.search.CodesFile;
import ammi.search.DocIds;
import ammi.util.Parallel;
import ammi.util.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "encode", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Encodes every document of a corpus with a saved model and writes the codes and their ids.",
                "A predictive-hashing model without --data codes the pairs it was trained on: --side x their X articles, "
                        + "--side y their Y articles, in pair order, so that code i of one file is the partner of code i of the other.",
                "",
                "The codes file is binary (docs/codes-format.md); FILE.ids, next to it, has one line per code: "
                        + "split, index within the split, document id and first line of text. search and neighbors read both."})
final class EncodeCommand implements Callable<Integer> {
    enum Which { train, validation, test, all }

    @Option(names = "--model", paramLabel = "FILE", required = true, description = "A model written by train --save.")
    Path model;

    @Option(names = "--data", paramLabel = "NAME|FILE", description = "Corpus to encode (default: the one the model was trained on; "
            + "for a predictive-hashing model, the chosen side of its pairs).")
    String data;

    @Option(names = "--split", paramLabel = "SPLIT", defaultValue = "all",
            description = "Which documents: train, validation, test or all (in that order). Default: ${DEFAULT-VALUE}.")
    Which split;

    @Option(names = "--side", paramLabel = "x|y", defaultValue = "y",
            description = "A predictive-hashing model's encoder: y, p(z|y), codes the articles to be found (default); x, q(z|x), codes the queries. "
                    + "search then codes its text queries with the other one.")
    SavedModel.Side side;

    @Option(names = "--device", paramLabel = "DEV", defaultValue = "cpu",
            description = "Backend that encodes: cpu (default), cuda or auto (see train --help).")
    String device;

    @Option(names = "--out", paramLabel = "FILE", required = true,
            description = "Codes file to write (atomically), e.g. codes.bin; the ids go to FILE.ids.")
    Path out;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "0", description = "CPU threads (0 = all cores).")
    int threads;

    @Override
    public Integer call() {
        if (threads > 0) Parallel.setThreads(threads);
        ammi.backend.Backends.check(device);
        for (Path o : List.of(out, DocIds.pathFor(out))) {
            OutputChecks.notAnInput(o, "--out", model, "--model");
            if (data != null) OutputChecks.notAnInput(o, "--out", Path.of(data), "--data");
        }
        try (SavedModel saved = SavedModel.open(model, device)) {
            saved.checkSide(side, "--side");
            List<Split> all;
            String from;
            int[] dropped = {0, 0, 0}; // per split: documents with no vocabulary term, which have no code
            if (data == null && saved.config().predictive) { // the model's own pairs, one side
                PairDataset pairs = saved.loadPairs();
                all = new ArrayList<>();
                for (PairSplit s : List.of(pairs.train(), pairs.validation(), pairs.test())) {
                    all.add(new Split(s.name(), side == SavedModel.Side.x ? s.x() : s.y(), new int[s.size()][], s.ids(),
                            side == SavedModel.Side.x ? s.xFirstLines() : s.yFirstLines()));
                }
                from = "the " + side + " articles of " + saved.source(null);
            } else {
                Dataset ds = saved.loadCorpus(data);
                all = List.of(ds.train(), ds.validation(), ds.test());
                from = saved.source(data);
                dropped = new int[] {ds.dropped().train(), ds.dropped().validation(), ds.dropped().test()};
            }
            List<Split> splits = split == Which.all ? all : List.of(all.get(split.ordinal())); // Which lists train, validation, test first
            PackedCodes codes = null;
            List<DocIds.Entry> entries = new ArrayList<>();
            StringBuilder counts = new StringBuilder();
            int left = 0;
            for (int k = 0; k < 3; k++) if (split == Which.all || split.ordinal() == k) left += dropped[k];
            for (Split s : splits) {
                PackedCodes c = saved.encode(s.x(), side);
                codes = codes == null ? c : PackedCodes.concat(codes, c);
                for (int r = 0; r < s.size(); r++) entries.add(new DocIds.Entry(s.name(), r, s.ids()[r], s.firstLine(r)));
                counts.append(counts.length() == 0 ? "" : ", ").append(s.name()).append(' ').append(s.size());
            }
            if (codes.count() == 0)
                throw new UserError("--split " + split + ": " + from + " has no " + (split == Which.all ? "" : split + " ") + "documents to code");
            // Both files or neither: ids beside codes of another model would name the wrong documents.
            Path idsFile = DocIds.pathFor(out);
            ammi.util.AtomicFiles.writeAll(List.of(out, idsFile),
                    List.of(CodesFile.writer(codes, saved.fingerprint(side)), new DocIds(entries).writer()));
            String by = saved.config().predictive ? (side == SavedModel.Side.x ? " by q(z|x)" : " by p(z|y)") : "";
            System.out.printf(Locale.ROOT, "wrote %d codes of %d bits%s (%s; %d distinct) from %s to %s and %s%n",
                    codes.count(), codes.bits(), by, counts, codes.distinctCodes(), from, out, idsFile);
            if (left > 0)
                System.out.printf(Locale.ROOT, "left out %d document%s with no term of the model's vocabulary (no code; not in %s)%n",
                        left, left == 1 ? "" : "s", idsFile);
        }
        return 0;
    }
}
