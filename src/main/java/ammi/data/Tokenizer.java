package ammi.data;

import ammi.util.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.FilteringTokenFilter;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Lucene StandardTokenizer, lower-cased, stop words removed (Lucene's English list, or none),
 * and only tokens of {@code minTokenLength} or more ASCII letters kept (tokens with digits,
 * apostrophes or dots are dropped whole); optionally Porter-stemmed (Lucene PorterStemFilter,
 * after the letter filter, before the vocabulary). Thread-safe: Lucene keeps one token-stream
 * chain per thread.
 */
public final class Tokenizer {
    public static final String STOPWORDS_ENGLISH = "english";
    public static final String STOPWORDS_NONE = "none";
    public static final int DEFAULT_MIN_TOKEN_LENGTH = 2;
    private static final Tokenizer DEFAULT = new Tokenizer(STOPWORDS_ENGLISH, false, DEFAULT_MIN_TOKEN_LENGTH);

    private final String stopwords;
    private final boolean stem;
    private final int minTokenLength;
    private final Analyzer analyzer;

    private Tokenizer(String stopwords, boolean stem, int minTokenLength) {
        this.stopwords = stopwords;
        this.stem = stem;
        this.minTokenLength = minTokenLength;
        this.analyzer = new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                StandardTokenizer source = new StandardTokenizer();
                TokenStream ts = new LowerCaseFilter(source);
                if (STOPWORDS_ENGLISH.equals(stopwords)) ts = new StopFilter(ts, EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
                ts = new AlphabeticFilter(ts, minTokenLength);
                if (stem) ts = new PorterStemFilter(ts);
                return new TokenStreamComponents(source, ts);
            }
        };
    }

    /** The default chain: English stop words, no stemming, tokens of at least two letters. */
    public static Tokenizer standard() {
        return DEFAULT;
    }

    /**
     * A tokenizer with the given filters. {@code stopwords} is "english" or "none" (null =
     * english); {@code minTokenLength} 0 means the default, 2.
     */
    public static Tokenizer of(String stopwords, boolean stem, int minTokenLength) {
        String sw = normaliseStopwords(stopwords);
        int len = minTokenLength == 0 ? DEFAULT_MIN_TOKEN_LENGTH : minTokenLength;
        if (len < 1) throw new UserError("--min-token-length must be >= 1, got " + minTokenLength);
        if (sw.equals(DEFAULT.stopwords) && stem == DEFAULT.stem && len == DEFAULT.minTokenLength) return DEFAULT;
        return new Tokenizer(sw, stem, len);
    }

    public static Tokenizer of(DataOptions o) {
        return of(o.stopwords(), o.stem(), o.minTokenLength());
    }

    static String normaliseStopwords(String s) {
        if (s == null || s.isEmpty()) return STOPWORDS_ENGLISH;
        String l = s.toLowerCase(Locale.ROOT);
        if (l.equals(STOPWORDS_ENGLISH) || l.equals(STOPWORDS_NONE)) return l;
        throw new UserError("--stopwords '" + s + "' unknown (expected english or none)");
    }

    public String stopwords() {
        return stopwords;
    }

    public boolean stem() {
        return stem;
    }

    public int minTokenLength() {
        return minTokenLength;
    }

    public List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        forEachToken(text, out::add);
        return out;
    }

    public void forEachToken(String text, Consumer<String> sink) {
        try (TokenStream ts = analyzer.tokenStream("text", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) sink.accept(term.toString());
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not throw
        }
    }

    @Override
    public String toString() {
        return "stopwords=" + stopwords + ", stem=" + stem + ", minTokenLength=" + minTokenLength;
    }

    private static final class AlphabeticFilter extends FilteringTokenFilter {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final int minLength;

        AlphabeticFilter(TokenStream in, int minLength) {
            super(in);
            this.minLength = minLength;
        }

        @Override
        protected boolean accept() {
            int n = term.length();
            if (n < minLength) return false;
            char[] b = term.buffer();
            for (int i = 0; i < n; i++) {
                if (b[i] < 'a' || b[i] > 'z') return false;
            }
            return true;
        }
    }
}
