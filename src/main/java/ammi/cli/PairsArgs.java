package ammi.cli;

import ammi.pairs.PairDataset;
import ammi.util.UserError;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The options that choose predictive hashing's pairs ({@link PairsSource}); shared by train and
 * baseline, so a baseline is scored on exactly the pairs, splits and vocabulary that train uses.
 */
final class PairsArgs {
    @Option(names = "--pairs", paramLabel = "FILE", description = "Predictive hashing on a pairs file (JSON lines with \"x\" and \"y\", or \"x_id\" and \"y_id\" with --pairs-corpus); see docs/predictive.md.")
    Path pairs;
    @Option(names = "--pairs-corpus", paramLabel = "NAME|FILE", description = "Corpus that the x_id/y_id of --pairs refer to.")
    String pairsCorpus;
    @Option(names = "--pairs-from", paramLabel = "NAME|FILE", description = "Predictive hashing on pairs built from a corpus: each document cut at the sentence boundary nearest its middle.")
    String pairsFrom;
    @Option(names = "--clean", description = "With --pairs-from: first remove Usenet headers, quoted and attribution lines and signatures "
            + "(as scikit-learn's remove=('headers', 'footers', 'quotes')).")
    boolean clean;
    @Option(names = "--cuts", paramLabel = "K", defaultValue = "1", description = "With --pairs-from: each train document also cut at up to K-1 further sentence boundaries "
            + "over its middle third, one more train pair each (validation and test keep the middle cut). Default: ${DEFAULT-VALUE}.")
    int cuts = 1;
    @Option(names = "--index-self-pairs", description = "Predictive hashing, index adaptation: also train on the stored articles' own text. Each Y article of "
            + "the test pairs (the side that is stored and searched) is cut again at the sentence boundary nearest its middle and its halves "
            + "added as a train pair; the vocabulary is fitted on them too. No query (X) text and no pairing is read, but the encoder has seen "
            + "the stored articles, so test scores are not the paper's protocol: use it to build an index whose documents are known at "
            + "training time. Off by default. See docs/predictive.md.")
    boolean indexSelfPairs;
    @Option(names = "--index-from", paramLabel = "NAME|FILE", description = "Predictive hashing, index adaptation for the articles you will store: "
            + "every document of this corpus (a name, a folder ROOT/<label>/<file> or a JSON-lines file) is cut at the sentence boundary "
            + "nearest its middle and its halves added as a train pair, as --index-self-pairs does with the test split's Y articles "
            + "(documents with a validation or test pair's id are left out).")
    String indexFrom;

    boolean given() {
        return pairs != null || pairsFrom != null;
    }

    /** Without --pairs/--pairs-from: each option that only shapes pairs is a one-line error. */
    void rejectWithoutPairs() {
        if (clean) throw new UserError("--clean applies to --pairs-from only");
        if (cuts != 1) throw new UserError("--cuts applies to --pairs-from only");
        if (indexSelfPairs) throw new UserError("--index-self-pairs applies to predictive hashing (--pairs/--pairs-from) only");
        if (indexFrom != null) throw new UserError("--index-from applies to predictive hashing (--pairs/--pairs-from) only");
        if (pairsCorpus != null) throw new UserError("--pairs-corpus needs --pairs");
    }

    PairsSource source() {
        return new PairsSource(pairs, pairsCorpus, pairsFrom, clean, cuts, indexSelfPairs, indexFrom);
    }

    /** The pairs, after the checks that the options fit together and with the corpus options in {@code dataArgs}. */
    PairDataset load(DataArgs dataArgs, CommandSpec spec, Consumer<String> log) {
        if (pairs != null && pairsFrom != null) throw new UserError("give either --pairs or --pairs-from, not both");
        if (spec != null && spec.commandLine().getParseResult().hasMatchedOption("--data"))
            throw new UserError("--data does not apply to predictive hashing (use --pairs-from NAME to build pairs from a corpus)");
        if (pairsCorpus != null && pairs == null) throw new UserError("--pairs-corpus needs --pairs");
        if (clean && pairsFrom == null) throw new UserError("--clean applies to --pairs-from only (a pairs file is cleaned when built: pairs build --clean)");
        if (cuts != 1 && pairsFrom == null) throw new UserError("--cuts applies to --pairs-from only (a pairs file is augmented when built: pairs build --cuts)");
        if (cuts < 1) throw new UserError("--cuts must be at least 1, got " + cuts);
        if (dataArgs.maxDocs > 0) throw new UserError(PairsSource.NO_MAX_DOCS);
        return source().load(dataArgs.options(), null, log);
    }
}
