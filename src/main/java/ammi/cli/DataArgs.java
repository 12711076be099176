package ammi.cli;

import ammi.data.DataOptions;
import ammi.data.Dataset;
import ammi.data.Datasets;
import picocli.CommandLine.Option;

/** The options that choose and preprocess a corpus; shared by every command that reads one. */
final class DataArgs {
    @Option(names = "--data", paramLabel = "NAME|FILE", defaultValue = "reuters",
            description = "Corpus: a name (reuters, 20news, bbc), a JSON-lines file (.jsonl, .jsonl.gz) "
                    + "or a VDSH .mat file. Default: ${DEFAULT-VALUE}, bundled in the jar.")
    String data;

    @Option(names = "--vocab-size", paramLabel = "V", defaultValue = "0",
            description = "Vocabulary size: the V terms with the highest training document frequency "
                    + "(0 = the corpus default: reuters 7164, 20news 10000).")
    int vocabSize;

    @Option(names = "--min-df", paramLabel = "N", defaultValue = "2",
            description = "Minimum training document frequency of a term. Default: ${DEFAULT-VALUE}.")
    int minDf;

    @Option(names = "--no-tfidf", description = "Binary bag of words instead of TF-IDF.")
    boolean noTfidf;

    @Option(names = "--data-seed", paramLabel = "SEED", defaultValue = "0",
            description = "Seed of the 10%% validation split carved out of train. Default: ${DEFAULT-VALUE}.")
    long dataSeed;

    Dataset load() {
        return Datasets.load(data, options());
    }

    DataOptions options() {
        return DataOptions.defaults()
                .withVocabSize(vocabSize)
                .withMinDf(minDf)
                .withTfidf(!noTfidf)
                .withSeed(dataSeed);
    }
}
