package ammi.data;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fitted term list and IDF weights. Column {@code i} is the term of rank {@code i} by training
 * document frequency (ties alphabetical). TF-IDF follows scikit-learn's TfidfVectorizer defaults:
 * raw count times idf = ln((1+n)/(1+df)) + 1, then L2-normalised; binary mode gives plain 0/1.
 * With sublinear tf (scikit-learn's sublinear_tf=True) the count c becomes 1 + ln(c) first.
 */
public final class Vocabulary {
    private static final int MAGIC = 0x414D564F; // "AMVO"
    // 2 adds the tokenizer settings (1 is read as the default tokenizer); 3 adds sublinear tf and is
    // written only when it is on, so every other vocabulary keeps the bytes older engines read
    private static final int VERSION = 3;

    private final String[] terms;
    private final int[] df;
    private final double[] idf;
    private final int numDocs;
    private final boolean tfidf;
    private final boolean sublinearTf;
    private final Map<String, Integer> index;
    private final Tokenizer tokenizer;

    private Vocabulary(String[] terms, int[] df, int numDocs, boolean tfidf, boolean sublinearTf, Tokenizer tokenizer) {
        if (sublinearTf && !tfidf) throw new IllegalArgumentException("sublinear tf needs TF-IDF weights");
        this.sublinearTf = sublinearTf;
        this.tokenizer = tokenizer;
        this.terms = terms;
        this.df = df;
        this.numDocs = numDocs;
        this.tfidf = tfidf;
        this.idf = new double[terms.length];
        this.index = new HashMap<>(terms.length * 2);
        for (int i = 0; i < terms.length; i++) {
            idf[i] = Math.log((1.0 + numDocs) / (1.0 + df[i])) + 1.0;
            if (index.put(terms[i], i) != null) throw new IllegalArgumentException("duplicate term " + terms[i]);
        }
    }

    /**
     * Fits on tokenised training documents: terms with df >= minDf, the maxSize most frequent by
     * document frequency (0 = no limit), ties broken alphabetically.
     */
    public static Vocabulary fit(List<List<String>> trainTokens, int maxSize, int minDf, boolean tfidf) {
        return fit(trainTokens, maxSize, minDf, tfidf, Tokenizer.standard());
    }

    /**
     * As {@link #fit(List, int, int, boolean)}; {@code tokenizer} must be the one that produced
     * the tokens: the vocabulary keeps it to encode new text exactly as the training text.
     */
    public static Vocabulary fit(List<List<String>> trainTokens, int maxSize, int minDf, boolean tfidf, Tokenizer tokenizer) {
        Map<String, int[]> counts = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (List<String> doc : trainTokens) {
            seen.clear();
            for (String t : doc) {
                if (seen.add(t)) counts.computeIfAbsent(t, k -> new int[1])[0]++;
            }
        }
        List<Map.Entry<String, int[]>> kept = new ArrayList<>();
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            if (e.getValue()[0] >= minDf) kept.add(e);
        }
        kept.sort((a, b) -> a.getValue()[0] != b.getValue()[0]
                ? Integer.compare(b.getValue()[0], a.getValue()[0])
                : a.getKey().compareTo(b.getKey()));
        int v = maxSize > 0 ? Math.min(maxSize, kept.size()) : kept.size();
        String[] terms = new String[v];
        int[] dfs = new int[v];
        for (int i = 0; i < v; i++) {
            terms[i] = kept.get(i).getKey();
            dfs[i] = kept.get(i).getValue()[0];
        }
        return new Vocabulary(terms, dfs, trainTokens.size(), tfidf, false, tokenizer);
    }

    /** Tokenises with {@link Tokenizer#standard()} and fits. */
    public static Vocabulary fitTexts(List<String> trainTexts, int maxSize, int minDf, boolean tfidf) {
        List<List<String>> toks = new ArrayList<>(trainTexts.size());
        for (String t : trainTexts) toks.add(Tokenizer.standard().tokenize(t));
        return fit(toks, maxSize, minDf, tfidf);
    }

    /** The tokenizer the vocabulary was fitted with (stored with it). */
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public int size() {
        return terms.length;
    }

    public String term(int i) {
        return terms[i];
    }

    public String[] terms() {
        return terms.clone();
    }

    public int df(int i) {
        return df[i];
    }

    public double idf(int i) {
        return idf[i];
    }

    /** Number of training documents the IDF was computed on. */
    public int numDocs() {
        return numDocs;
    }

    public boolean tfidf() {
        return tfidf;
    }

    /** Whether a count c is weighted as 1 + ln(c) (TF-IDF only). */
    public boolean sublinearTf() {
        return sublinearTf;
    }

    /** This vocabulary with sublinear tf on or off: same terms, document frequencies and IDF. */
    public Vocabulary withSublinearTf(boolean on) {
        return on == sublinearTf ? this : new Vocabulary(terms, df, numDocs, tfidf, on, tokenizer);
    }

    /** How a row is weighted, for printing: "TF-IDF", "sublinear TF-IDF" or "binary". */
    public String weighting() {
        return !tfidf ? "binary" : sublinearTf ? "sublinear TF-IDF" : "TF-IDF";
    }

    /** Column of a term, or -1 if it is not in the vocabulary. */
    public int indexOf(String term) {
        Integer i = index.get(term);
        return i == null ? -1 : i;
    }

    public SparseRow vectorize(String text) {
        return vectorizeTokens(tokenizer.tokenize(text));
    }

    /** Out-of-vocabulary tokens are ignored; a document with none left gives an empty row. */
    public SparseRow vectorizeTokens(List<String> tokens) {
        int[] ids = new int[tokens.size()];
        int n = 0;
        for (String t : tokens) {
            Integer i = index.get(t);
            if (i != null) ids[n++] = i;
        }
        Arrays.sort(ids, 0, n);
        int distinct = 0;
        for (int k = 0; k < n; k++) if (k == 0 || ids[k] != ids[k - 1]) distinct++;
        int[] cols = new int[distinct];
        double[] vals = new double[distinct];
        int j = -1;
        for (int k = 0; k < n; k++) {
            if (k == 0 || ids[k] != ids[k - 1]) cols[++j] = ids[k];
            vals[j] += 1;
        }
        if (tfidf) {
            double norm = 0;
            for (int k = 0; k < distinct; k++) {
                if (sublinearTf) vals[k] = 1.0 + Math.log(vals[k]); // a count of 1 stays 1
                vals[k] *= idf[cols[k]];
                norm += vals[k] * vals[k];
            }
            norm = Math.sqrt(norm);
            for (int k = 0; k < distinct; k++) vals[k] /= norm;
        } else {
            Arrays.fill(vals, 1.0);
        }
        return new SparseRow(cols, vals);
    }

    public CsrMatrix vectorize(List<String> texts) {
        List<SparseRow> rows = new ArrayList<>(texts.size());
        for (String t : texts) rows.add(vectorize(t));
        return toCsr(rows, size());
    }

    static CsrMatrix toCsr(List<SparseRow> rows, int cols) {
        int[] ptr = new int[rows.size() + 1];
        for (int r = 0; r < rows.size(); r++) ptr[r + 1] = ptr[r] + rows.get(r).nnz();
        int[] ci = new int[ptr[rows.size()]];
        double[] v = new double[ci.length];
        for (int r = 0; r < rows.size(); r++) {
            SparseRow row = rows.get(r);
            System.arraycopy(row.indices(), 0, ci, ptr[r], row.nnz());
            System.arraycopy(row.values(), 0, v, ptr[r], row.nnz());
        }
        return new CsrMatrix(rows.size(), cols, ptr, ci, v);
    }

    public void write(DataOutputStream out) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(sublinearTf ? VERSION : 2);
        out.writeBoolean(tfidf);
        out.writeInt(numDocs);
        out.writeUTF(tokenizer.stopwords());
        out.writeBoolean(tokenizer.stem());
        out.writeInt(tokenizer.minTokenLength());
        if (sublinearTf) out.writeBoolean(true);
        out.writeInt(terms.length);
        for (int i = 0; i < terms.length; i++) {
            out.writeUTF(terms[i]);
            out.writeInt(df[i]);
        }
    }

    /** Reads what {@link #write} wrote; the IDF is recomputed from df and numDocs, bit for bit. */
    public static Vocabulary read(DataInputStream in) throws IOException {
        int magic = in.readInt();
        if (magic != MAGIC) throw new IOException("not a vocabulary block (bad magic 0x" + Integer.toHexString(magic) + ")");
        int version = in.readInt();
        if (version < 1 || version > VERSION) throw new IOException("unsupported vocabulary version " + version + " (expected 1 to " + VERSION + ")");
        boolean tfidf = in.readBoolean();
        int numDocs = in.readInt();
        Tokenizer tokenizer = Tokenizer.standard();
        if (version >= 2) {
            String stopwords = in.readUTF();
            boolean stem = in.readBoolean();
            int minLen = in.readInt();
            try {
                tokenizer = Tokenizer.of(stopwords, stem, minLen);
            } catch (RuntimeException e) {
                throw new IOException("corrupt vocabulary block: " + e.getMessage(), e);
            }
        }
        boolean sublinear = version >= 3 && in.readBoolean();
        if (sublinear && !tfidf) throw new IOException("corrupt vocabulary block: sublinear tf without TF-IDF");
        int v = in.readInt();
        if (numDocs < 0 || v < 0) throw new IOException("corrupt vocabulary block (numDocs " + numDocs + ", size " + v + ")");
        String[] terms = new String[v];
        int[] df = new int[v];
        for (int i = 0; i < v; i++) {
            terms[i] = in.readUTF();
            df[i] = in.readInt();
        }
        try {
            return new Vocabulary(terms, df, numDocs, tfidf, sublinear, tokenizer);
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt vocabulary block: " + e.getMessage(), e);
        }
    }
}
