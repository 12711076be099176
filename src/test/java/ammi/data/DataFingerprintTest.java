package ammi.data;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class DataFingerprintTest {
    /** rows x cols with about nnzPerRow random non-zeros a row, sorted columns. */
    static CsrMatrix random(int rows, int cols, int nnzPerRow, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] ptr = new int[rows + 1];
        int[] idx = new int[rows * nnzPerRow];
        double[] val = new double[rows * nnzPerRow];
        int k = 0;
        for (int i = 0; i < rows; i++) {
            int c = 0;
            for (int j = 0; j < nnzPerRow && c < cols; j++) {
                c += 1 + r.nextInt(3);
                if (c >= cols) break;
                idx[k] = c;
                val[k++] = r.nextDouble();
            }
            ptr[i + 1] = k;
        }
        return new CsrMatrix(rows, cols, ptr, java.util.Arrays.copyOf(idx, k), java.util.Arrays.copyOf(val, k));
    }

    /** The definition: CRC-32 of rows, cols, rowPtr, colIdx and the values' bits, big-endian, in one piece. */
    static int oracle(CsrMatrix... ms) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (CsrMatrix m : ms) {
                out.writeInt(m.rows);
                out.writeInt(m.cols);
                for (int p : m.rowPtr) out.writeInt(p);
                for (int c : m.colIdx) out.writeInt(c);
                for (double v : m.values) out.writeLong(Double.doubleToLongBits(v));
            }
        }
        CRC32 crc = new CRC32();
        crc.update(bytes.toByteArray());
        int f = (int) crc.getValue();
        return f == 0 ? 1 : f;
    }

    @Test
    void equalsTheCrcOfTheWholeSerialisationAcrossBufferBoundaries() throws Exception {
        // 3000 x 20 non-zeros: 12 bytes each, about 700 KB, so the 64 KB buffer is flushed many times
        CsrMatrix a = random(3000, 5000, 20, 1), b = random(17, 40, 3, 2);
        assertEquals(oracle(a), DataFingerprint.of(a));
        assertEquals(oracle(a, b), DataFingerprint.of(a, b));
        assertEquals(oracle(new CsrMatrix(0, 7, new int[1], new int[0], new double[0])),
                DataFingerprint.of(new CsrMatrix(0, 7, new int[1], new int[0], new double[0])));
    }

    @Test
    void oneValueChangesIt() {
        CsrMatrix a = random(300, 500, 10, 3);
        int before = DataFingerprint.of(a);
        a.values[a.values.length / 2] = Math.nextUp(a.values[a.values.length / 2]);
        assertNotEquals(before, DataFingerprint.of(a));
    }
}
