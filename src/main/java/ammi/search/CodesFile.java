package ammi.search;

import ammi.eval.PackedCodes;
import ammi.util.AtomicFiles;
import ammi.util.UserError;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Binary document codes on disk (written by {@code encode}, read by {@code search} and
 * {@code neighbors}); docs/codes-format.md is the reference. Little-endian throughout:
 * <pre>
 *   offset  size      field
 *   0       8         magic "AMMICODE"
 *   8       4         format version (1), uint32
 *   12      4         m, bits per code, uint32
 *   16      8         count n, uint64
 *   24      4         W = ceil(m/64), 64-bit words per code, uint32
 *   28      4         model fingerprint, uint32: SavedModel's CRC-32 of the parameters; 0 = not recorded
 *   32      8*n*W     the codes as PackedCodes packs them: bit i of code d is bit i%64 of word d*W + i/64
 *   32+8nW  4         CRC-32 (java.util.zip.CRC32, as zlib's crc32) of every byte before it, uint32
 * </pre>
 * The 32-byte header keeps the words 8-byte aligned, so numpy can map them directly. The
 * fingerprint lets search refuse codes written by another model of the same m.
 */
public final class CodesFile {
    private static final byte[] MAGIC = "AMMICODE".getBytes(StandardCharsets.US_ASCII);
    public static final int VERSION = 1;
    static final int HEADER_BYTES = 32;
    static final int CRC_BYTES = 4;

    private CodesFile() {}

    /** What a codes file holds: the codes and the fingerprint of the model that wrote them (0: unknown). */
    public record Contents(PackedCodes codes, int model) {}

    /** Writes {@code codes} with no model fingerprint. */
    public static void write(Path file, PackedCodes codes) {
        write(file, codes, 0);
    }

    /** Writes {@code codes} to {@code file} atomically (temp file + rename). */
    public static void write(Path file, PackedCodes codes, int model) {
        AtomicFiles.write(file, writer(codes, model));
    }

    /** The file's bytes, for {@link AtomicFiles#writeAll} beside its ids. */
    public static AtomicFiles.Writer writer(PackedCodes codes, int model) {
        long[] words = codes.words();
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(HEADER_BYTES + 8L * words.length + CRC_BYTES))
                .order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).putInt(VERSION).putInt(codes.bits()).putLong(codes.count()).putInt(codes.wordsPerCode()).putInt(model);
        buf.asLongBuffer().put(words);
        buf.position(HEADER_BYTES + 8 * words.length);
        CRC32 crc = new CRC32();
        crc.update(buf.array(), 0, buf.position());
        buf.putInt((int) crc.getValue());
        byte[] all = buf.array();
        return out -> out.write(all);
    }

    /** The codes of a codes file. */
    public static PackedCodes read(Path file) {
        return load(file).codes();
    }

    /** Reads a codes file; every way it can be wrong is a one-line {@link UserError} naming it. */
    public static Contents load(Path file) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": no such codes file (encode --out writes one)");
        } catch (IOException | OutOfMemoryError e) {
            throw new UserError(file + ": cannot read codes file (" + e.getMessage() + ")");
        }
        if (all.length < HEADER_BYTES + CRC_BYTES || !Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC)) {
            throw new UserError(file + ": not an ammi-engine codes file (bad magic bytes; encode --out writes one)");
        }
        ByteBuffer buf = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        buf.position(MAGIC.length);
        int version = buf.getInt();
        if (version != VERSION) {
            throw new UserError(file + ": codes format version " + Integer.toUnsignedString(version)
                    + " is not supported (this build reads version " + VERSION + ")");
        }
        int m = buf.getInt();
        long n = buf.getLong();
        int w = buf.getInt();
        int model = buf.getInt();
        // m, n and W are unsigned on disk: a "negative" value read here is a huge one
        if (m < 1) {
            throw new UserError(file + ": corrupt codes file (header says m = " + Integer.toUnsignedString(m)
                    + " bits per code; expected 1 to " + Integer.MAX_VALUE + ")");
        }
        long wordsPerCode = (m + 63L) / 64;
        if (w != wordsPerCode) {
            throw new UserError(file + ": corrupt codes file (header says W = " + Integer.toUnsignedString(w)
                    + (w == 1 ? " word" : " words") + " per code; m = " + m + " bits take ceil(" + m + "/64) = " + wordsPerCode + ")");
        }
        // exact even where 8*n*W overflows a long (n up to 2^64 - 1)
        BigInteger expected = new BigInteger(Long.toUnsignedString(n)).multiply(BigInteger.valueOf(8 * wordsPerCode))
                .add(BigInteger.valueOf(HEADER_BYTES + CRC_BYTES));
        if (!expected.equals(BigInteger.valueOf(all.length))) {
            throw new UserError(file + ": corrupt or truncated codes file (header says " + Long.toUnsignedString(n)
                    + " codes of m = " + m + " bits in " + w + (w == 1 ? " word" : " words") + " each, which needs "
                    + expected + " bytes; the file has " + all.length + ")");
        }
        CRC32 crc = new CRC32();
        crc.update(all, 0, all.length - CRC_BYTES);
        buf.position(all.length - CRC_BYTES);
        if ((int) crc.getValue() != buf.getInt()) {
            throw new UserError(file + ": checksum mismatch: the codes file is corrupt or truncated");
        }
        long[] words = new long[Math.toIntExact(n * w)];
        buf.position(HEADER_BYTES);
        buf.slice().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(words);
        try {
            return new Contents(PackedCodes.fromWords(words, (int) n, m), model);
        } catch (IllegalArgumentException e) {
            throw new UserError(file + ": corrupt codes file (" + e.getMessage() + ")");
        }
    }
}
