package ammi.data;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * CRC-32 of the vectorised training data (every split's matrix, and labels where there are
 * any), never 0. A saved model records it so that {@code eval} can tell when its corpus or
 * pairs file changed after training: its scores would then no longer be the ones train printed.
 */
public final class DataFingerprint {
    private DataFingerprint() {}

    public static int of(Dataset ds) {
        CRC32 crc = new CRC32();
        for (Split s : new Split[] {ds.train(), ds.validation(), ds.test()}) {
            update(crc, s.x());
            for (int[] labels : s.labels()) {
                update(crc, labels.length);
                for (int l : labels) update(crc, l);
            }
        }
        return nonZero(crc);
    }

    /** Of the given matrices in order (a predictive model's X and Y sides of each split). */
    public static int of(CsrMatrix... matrices) {
        CRC32 crc = new CRC32();
        for (CsrMatrix m : matrices) update(crc, m);
        return nonZero(crc);
    }

    private static void update(CRC32 crc, CsrMatrix m) {
        // through a small buffer: a corpus of 10^8 non-zeros would otherwise need a 1 GB copy
        ByteBuffer b = ByteBuffer.allocate(1 << 16);
        b.putInt(m.rows).putInt(m.cols);
        for (int p : m.rowPtr) b = room(crc, b, 4).putInt(p);
        for (int c : m.colIdx) b = room(crc, b, 4).putInt(c);
        for (double v : m.values) b = room(crc, b, 8).putLong(Double.doubleToLongBits(v));
        flush(crc, b);
    }

    private static ByteBuffer room(CRC32 crc, ByteBuffer b, int bytes) {
        if (b.remaining() < bytes) flush(crc, b);
        return b;
    }

    private static void flush(CRC32 crc, ByteBuffer b) {
        crc.update(b.array(), 0, b.position());
        b.clear();
    }

    private static void update(CRC32 crc, int v) {
        crc.update(v >>> 24);
        crc.update(v >>> 16);
        crc.update(v >>> 8);
        crc.update(v);
    }

    private static int nonZero(CRC32 crc) {
        int f = (int) crc.getValue();
        return f == 0 ? 1 : f; // 0 means "not recorded"
    }
}
