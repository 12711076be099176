package ammi.data;

import ammi.util.UserError;

/**
 * Preprocessing options. vocabSize 0 means the dataset's default; minDf 2 matches scikit-learn
 * min_df=2 of the reference runs; maxDocs 0 means all (a positive value keeps maxDocs documents
 * of each of train, validation (when given) and test, spread evenly over the file, for quick runs).
 * Token filters: {@code stem} (Porter), {@code stopwords} ("english" or "none"; null = english, as
 * in checkpoints written before the field existed), {@code minTokenLength} (0 = default 2).
 * {@code sublinearTf}: counts weighted 1 + ln(c) before the IDF (false in checkpoints written
 * before the field existed). Checkpoints store this record as JSON, so every field here must be needed to rebuild the corpus.
 */
public record DataOptions(int vocabSize, int minDf, boolean tfidf, double validationFraction, long seed, int maxDocs,
                          boolean stem, String stopwords, int minTokenLength, boolean sublinearTf) {
    public DataOptions {
        if (vocabSize < 0) throw new UserError("--vocab-size must be >= 0 (0 = the corpus default), got " + vocabSize);
        if (minDf < 1) throw new UserError("--min-df must be >= 1, got " + minDf);
        if (!(validationFraction >= 0 && validationFraction < 1))
            throw new UserError("validation fraction must be in [0, 1), got " + validationFraction);
        if (maxDocs < 0) throw new UserError("--max-docs must be >= 0 (0 = all), got " + maxDocs);
        if (minTokenLength < 0) throw new UserError("--min-token-length must be >= 1, got " + minTokenLength);
        if (sublinearTf && !tfidf) throw new UserError("--sublinear-tf weights TF-IDF counts; it cannot go with --no-tfidf");
        stopwords = Tokenizer.normaliseStopwords(stopwords);
    }

    public DataOptions(int vocabSize, int minDf, boolean tfidf, double validationFraction, long seed, int maxDocs) {
        this(vocabSize, minDf, tfidf, validationFraction, seed, maxDocs, false, Tokenizer.STOPWORDS_ENGLISH, 0, false);
    }

    public static DataOptions defaults() {
        return new DataOptions(0, 2, true, 0.1, 0, 0);
    }

    public DataOptions withVocabSize(int v) {
        return new DataOptions(v, minDf, tfidf, validationFraction, seed, maxDocs, stem, stopwords, minTokenLength, sublinearTf);
    }

    public DataOptions withMinDf(int m) {
        return new DataOptions(vocabSize, m, tfidf, validationFraction, seed, maxDocs, stem, stopwords, minTokenLength, sublinearTf);
    }

    public DataOptions withTfidf(boolean t) {
        return new DataOptions(vocabSize, minDf, t, validationFraction, seed, maxDocs, stem, stopwords, minTokenLength, sublinearTf);
    }

    public DataOptions withValidationFraction(double f) {
        return new DataOptions(vocabSize, minDf, tfidf, f, seed, maxDocs, stem, stopwords, minTokenLength, sublinearTf);
    }

    public DataOptions withSeed(long s) {
        return new DataOptions(vocabSize, minDf, tfidf, validationFraction, s, maxDocs, stem, stopwords, minTokenLength, sublinearTf);
    }

    public DataOptions withMaxDocs(int m) {
        return new DataOptions(vocabSize, minDf, tfidf, validationFraction, seed, m, stem, stopwords, minTokenLength, sublinearTf);
    }

    public DataOptions withStem(boolean s) {
        return new DataOptions(vocabSize, minDf, tfidf, validationFraction, seed, maxDocs, s, stopwords, minTokenLength, sublinearTf);
    }

    public DataOptions withStopwords(String s) {
        return new DataOptions(vocabSize, minDf, tfidf, validationFraction, seed, maxDocs, stem, s, minTokenLength, sublinearTf);
    }

    public DataOptions withMinTokenLength(int n) {
        return new DataOptions(vocabSize, minDf, tfidf, validationFraction, seed, maxDocs, stem, stopwords, n, sublinearTf);
    }

    public DataOptions withSublinearTf(boolean on) {
        return new DataOptions(vocabSize, minDf, tfidf, validationFraction, seed, maxDocs, stem, stopwords, minTokenLength, on);
    }

    /** These options as the command-line flags that set them (every field, defaults included). */
    public String toFlags() {
        return "--vocab-size " + vocabSize + " --min-df " + minDf + (tfidf ? "" : " --no-tfidf") + (sublinearTf ? " --sublinear-tf" : "")
                + (stem ? " --stem" : "") + " --stopwords " + stopwords + " --min-token-length " + minTokenLength
                + " --data-seed " + seed + " --max-docs " + maxDocs
                + (validationFraction == 0.1 ? "" : " (validation fraction " + validationFraction + ")");
    }

    /** The tokenizer these options describe. */
    public Tokenizer tokenizer() {
        return Tokenizer.of(this);
    }
}
