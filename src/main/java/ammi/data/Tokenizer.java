package ammi.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.FilteringTokenFilter;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Lucene StandardTokenizer, lower-cased, English stop words removed, and only tokens of two or
 * more ASCII letters kept (tokens with digits, apostrophes or dots are dropped whole).
 * Thread-safe: Lucene keeps one token-stream chain per thread.
 */
public final class Tokenizer {
    private static final Tokenizer DEFAULT = new Tokenizer();

    private final Analyzer analyzer = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            StandardTokenizer source = new StandardTokenizer();
            TokenStream ts = new LowerCaseFilter(source);
            ts = new StopFilter(ts, EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
            ts = new AlphabeticFilter(ts);
            return new TokenStreamComponents(source, ts);
        }
    };

    public static Tokenizer standard() {
        return DEFAULT;
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

    private static final class AlphabeticFilter extends FilteringTokenFilter {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);

        AlphabeticFilter(TokenStream in) {
            super(in);
        }

        @Override
        protected boolean accept() {
            int n = term.length();
            if (n < 2) return false;
            char[] b = term.buffer();
            for (int i = 0; i < n; i++) {
                if (b[i] < 'a' || b[i] > 'z') return false;
            }
            return true;
        }
    }
}
