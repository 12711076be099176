package ammi.data;

import java.util.Locale;

/**
 * A loaded corpus. {@code vocabulary} is null when the data came from a .mat file (already
 * vectorised); {@code dropped} counts documents removed for having an empty vector.
 */
public record Dataset(String name, Split train, Split validation, Split test, String[] labelNames,
                      Vocabulary vocabulary, DroppedDocs dropped) {
    public Dataset {
        int v = train.x().cols;
        if (validation.x().cols != v || test.x().cols != v)
            throw new IllegalArgumentException("dataset " + name + ": column counts differ (" + v + ", " + validation.x().cols + ", " + test.x().cols + ")");
        if (vocabulary != null && vocabulary.size() != v)
            throw new IllegalArgumentException("dataset " + name + ": vocabulary has " + vocabulary.size() + " terms but matrices have " + v + " columns");
        if (dropped == null) dropped = DroppedDocs.NONE;
    }

    public Dataset(String name, Split train, Split validation, Split test, String[] labelNames, Vocabulary vocabulary) {
        this(name, train, validation, test, labelNames, vocabulary, DroppedDocs.NONE);
    }

    public int vocabSize() {
        return train.x().cols;
    }

    public int numLabels() {
        return labelNames.length;
    }

    /** Whether any document has a label: top-K retrieval precision counts neighbours that share one. */
    public boolean labelled() {
        return labelNames.length > 0;
    }

    /** One line: docs per split, V, labels, average non-zeros per document, dropped empties. */
    public String summary() {
        return String.format(Locale.ROOT,
                "%s: train %d, validation %d, test %d docs; V=%d; %d labels; avg nnz %.1f/%.1f/%.1f; dropped empty %d/%d/%d",
                name, train.size(), validation.size(), test.size(), vocabSize(), labelNames.length,
                train.avgNnz(), validation.avgNnz(), test.avgNnz(),
                dropped.train(), dropped.validation(), dropped.test());
    }
}
