package ammi.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class VocabularyTest {
    // df: banana 3, apple 2, cherry 2, date 1; n = 4
    static final List<String> CORPUS = List.of("apple banana apple", "banana cherry", "banana date", "cherry apple");

    @Test
    void orderByDocumentFrequencyThenAlphabetical() {
        Vocabulary v = Vocabulary.fitTexts(CORPUS, 0, 1, true);
        assertArrayEquals(new String[] {"banana", "apple", "cherry", "date"}, v.terms());
        assertEquals(4, v.numDocs());
        assertEquals(3, v.df(0));
        assertEquals(-1, v.indexOf("kiwi"));
    }

    @Test
    void idfMatchesSklearnSmoothFormula() {
        Vocabulary v = Vocabulary.fitTexts(CORPUS, 0, 1, true);
        // ln((1+4)/(1+df)) + 1, computed by hand
        assertEquals(1.2231435513142097, v.idf(v.indexOf("banana")), 1e-15);
        assertEquals(1.5108256237659907, v.idf(v.indexOf("apple")), 1e-15);
        assertEquals(1.5108256237659907, v.idf(v.indexOf("cherry")), 1e-15);
        assertEquals(1.916290731874155, v.idf(v.indexOf("date")), 1e-15);
    }

    @Test
    void tfidfRowIsCountTimesIdfL2Normalised() {
        Vocabulary v = Vocabulary.fitTexts(CORPUS, 0, 1, true);
        SparseRow r = v.vectorize("apple banana apple");
        assertArrayEquals(new int[] {0, 1}, r.indices());
        // banana: 1*1.2231/sqrt(4*1.5108^2 + 1.2231^2), apple: 2*1.5108/same
        assertArrayEquals(new double[] {0.3752175967124194, 0.9269367589632833}, r.values(), 1e-15);
    }

    @Test
    void minDfAndVocabSizeCutOffs() {
        assertArrayEquals(new String[] {"banana", "apple", "cherry"}, Vocabulary.fitTexts(CORPUS, 0, 2, true).terms());
        assertArrayEquals(new String[] {"banana", "apple"}, Vocabulary.fitTexts(CORPUS, 2, 1, true).terms());
        assertArrayEquals(new String[] {"banana"}, Vocabulary.fitTexts(CORPUS, 0, 3, true).terms());
    }

    @Test
    void unknownTermsIgnoredAndEmptyRows() {
        Vocabulary v = Vocabulary.fitTexts(CORPUS, 0, 1, true);
        SparseRow r = v.vectorize("kiwi apple mango KIWI");
        assertArrayEquals(new int[] {1}, r.indices());
        assertArrayEquals(new double[] {1.0}, r.values(), 0);
        assertEquals(0, v.vectorize("kiwi mango 42").nnz());
    }

    @Test
    void binaryModeIsPlainZeroOne() {
        Vocabulary v = Vocabulary.fitTexts(CORPUS, 0, 1, false);
        SparseRow r = v.vectorize("date apple apple apple banana");
        assertArrayEquals(new int[] {0, 1, 3}, r.indices());
        assertArrayEquals(new double[] {1, 1, 1}, r.values(), 0);
    }

    @Test
    void csrOfSeveralTexts() {
        Vocabulary v = Vocabulary.fitTexts(CORPUS, 0, 1, true);
        CsrMatrix x = v.vectorize(List.of("cherry", "nothing here", "date banana"));
        assertEquals(3, x.rows);
        assertEquals(4, x.cols);
        assertArrayEquals(new int[] {0, 1, 1, 3}, x.rowPtr);
        assertArrayEquals(new int[] {2, 0, 3}, x.colIdx);
        double b = 1.2231435513142097, d = 1.916290731874155, n = Math.sqrt(b * b + d * d);
        assertArrayEquals(new double[] {1.0, b / n, d / n}, x.values, 1e-15);
    }

    @Test
    void writeReadRoundTripEncodesIdentically() throws IOException {
        Vocabulary v = Vocabulary.fitTexts(CORPUS, 3, 1, true);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        v.write(new DataOutputStream(bytes));
        Vocabulary w = Vocabulary.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertArrayEquals(v.terms(), w.terms());
        assertEquals(v.tfidf(), w.tfidf());
        assertEquals(v.numDocs(), w.numDocs());
        for (int i = 0; i < v.size(); i++) assertEquals(Double.doubleToLongBits(v.idf(i)), Double.doubleToLongBits(w.idf(i)));
        SparseRow a = v.vectorize("cherry apple apple banana"), b = w.vectorize("cherry apple apple banana");
        assertArrayEquals(a.indices(), b.indices());
        assertArrayEquals(a.values(), b.values(), 0);
    }

    @Test
    void sublinearTfWeightsACountAsOnePlusItsLog() {
        Vocabulary v = Vocabulary.fitTexts(CORPUS, 0, 1, true).withSublinearTf(true);
        SparseRow r = v.vectorize("apple banana apple apple");
        assertArrayEquals(new int[] {0, 1}, r.indices());
        // banana: 1 * 1.2231, apple: (1 + ln 3) * 1.5108, both over the L2 norm of the two (by hand)
        assertArrayEquals(new double[] {0.35991906612715313, 0.9329835292426967}, r.values(), 1e-15);
        // counts of 1 are unchanged: the same row as plain TF-IDF
        assertArrayEquals(Vocabulary.fitTexts(CORPUS, 0, 1, true).vectorize("banana cherry").values(),
                v.vectorize("banana cherry").values(), 0);
        assertEquals("sublinear TF-IDF", v.weighting());
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.fitTexts(CORPUS, 0, 1, false).withSublinearTf(true));
    }

    /** Sublinear tf survives a round trip; without it the block is still version 2, the bytes older engines read. */
    @Test
    void sublinearTfIsSavedAndOnlyItChangesTheFormat() throws IOException {
        Vocabulary plain = Vocabulary.fitTexts(CORPUS, 0, 1, true), sub = plain.withSublinearTf(true);
        ByteArrayOutputStream a = new ByteArrayOutputStream(), b = new ByteArrayOutputStream();
        plain.write(new DataOutputStream(a));
        sub.write(new DataOutputStream(b));
        assertEquals(2, java.nio.ByteBuffer.wrap(a.toByteArray(), 4, 4).getInt(), "version of a plain vocabulary");
        assertEquals(3, java.nio.ByteBuffer.wrap(b.toByteArray(), 4, 4).getInt(), "version with sublinear tf");
        assertEquals(a.size() + 1, b.size());
        Vocabulary w = Vocabulary.read(new DataInputStream(new ByteArrayInputStream(b.toByteArray())));
        assertEquals(true, w.sublinearTf());
        assertArrayEquals(sub.vectorize("apple apple apple date").values(), w.vectorize("apple apple apple date").values(), 0);
        assertEquals(false, Vocabulary.read(new DataInputStream(new ByteArrayInputStream(a.toByteArray()))).sublinearTf());
    }

    @Test
    void readRejectsGarbage() {
        byte[] junk = {1, 2, 3, 4, 5, 6, 7, 8};
        assertThrows(IOException.class, () -> Vocabulary.read(new DataInputStream(new ByteArrayInputStream(junk))));
    }
}
