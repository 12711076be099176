package ammi.search;

import ammi.eval.PackedCodes;
import ammi.util.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CodesFileTest {
    @TempDir
    Path dir;

    private static PackedCodes random(int n, int m, long seed) {
        Random rnd = new Random(seed);
        byte[] bits = new byte[n * m];
        for (int i = 0; i < bits.length; i++) bits[i] = (byte) rnd.nextInt(2);
        return PackedCodes.fromBits(bits, n, m);
    }

    @Test
    void roundTripsEveryCodeLength() {
        for (int m : new int[] {1, 16, 63, 64, 65, 128, 200, 256}) {
            PackedCodes codes = random(37, m, m);
            Path f = dir.resolve("c" + m + ".bin");
            CodesFile.write(f, codes);
            PackedCodes back = CodesFile.read(f);
            assertEquals(m, back.bits());
            assertEquals(37, back.count());
            assertArrayEquals(codes.words(), back.words(), "m = " + m);
        }
    }

    /** The documented layout, byte by byte, written by hand (docs/codes-format.md). */
    @Test
    void bytesAreTheDocumentedLayout() throws Exception {
        // Two 70-bit codes: code 0 has bits 0 and 65 set, code 1 has bit 69 set.
        byte[] bits = new byte[140];
        bits[0] = 1;
        bits[65] = 1;
        bits[70 + 69] = 1;
        Path f = dir.resolve("two.bin");
        CodesFile.write(f, PackedCodes.fromBits(bits, 2, 70));
        byte[] b = Files.readAllBytes(f);
        assertEquals(32 + 2 * 2 * 8 + 4, b.length);
        assertEquals("AMMICODE", new String(b, 0, 8, java.nio.charset.StandardCharsets.US_ASCII));
        byte[] want = new byte[32 + 32];
        System.arraycopy(b, 0, want, 0, 8);
        want[8] = 1;           // version 1, little-endian
        want[12] = 70;         // m
        want[16] = 2;          // count
        want[24] = 2;          // words per code
        want[32] = 1;          // code 0, word 0: bit 0
        want[40] = 2;          // code 0, word 1: bit 65 = bit 1 of word 1
        want[56] = 0x20;       // code 1, word 1: bit 69 = bit 5 of word 1
        assertArrayEquals(want, Arrays.copyOf(b, 64));
        CRC32 crc = new CRC32();
        crc.update(b, 0, 64);
        long stored = (b[64] & 0xFFL) | (b[65] & 0xFFL) << 8 | (b[66] & 0xFFL) << 16 | (b[67] & 0xFFL) << 24;
        assertEquals(crc.getValue(), stored);
    }

    @Test
    void theModelFingerprintIsKeptAtOffset28() throws Exception {
        Path f = dir.resolve("fp.bin");
        PackedCodes codes = random(3, 40, 9);
        CodesFile.write(f, codes, 0xCAFEBABE);
        CodesFile.Contents back = CodesFile.load(f);
        assertEquals(0xCAFEBABE, back.model());
        assertArrayEquals(codes.words(), back.codes().words());
        byte[] b = Files.readAllBytes(f);
        assertArrayEquals(new byte[] {(byte) 0xBE, (byte) 0xBA, (byte) 0xFE, (byte) 0xCA}, Arrays.copyOfRange(b, 28, 32));
        CodesFile.write(f, codes);
        assertEquals(0, CodesFile.load(f).model());
    }

    @Test
    void emptyIndexRoundTrips() {
        Path f = dir.resolve("none.bin");
        CodesFile.write(f, PackedCodes.fromBits(new byte[0], 0, 32));
        assertEquals(0, CodesFile.read(f).count());
    }

    private String error(Path f) {
        return assertThrows(UserError.class, () -> CodesFile.read(f)).getMessage();
    }

    @Test
    void everyDamageIsOneUserErrorNamingTheFile() throws Exception {
        Path f = dir.resolve("codes.bin");
        assertTrue(error(f).contains("codes.bin: no such codes file"));

        CodesFile.write(f, random(10, 32, 1));
        byte[] good = Files.readAllBytes(f);

        byte[] flipped = good.clone();
        flipped[40] ^= 0x10;
        Files.write(f, flipped);
        assertTrue(error(f).contains("checksum mismatch"), error(f));

        Files.write(f, Arrays.copyOf(good, good.length - 9));
        assertTrue(error(f).contains("corrupt or truncated"), error(f));

        Files.write(f, "hello, not codes at all, just text".getBytes());
        assertTrue(error(f).contains("not an ammi-engine codes file"), error(f));

        byte[] v2 = good.clone();
        v2[8] = 2;
        Files.write(f, v2);
        assertTrue(error(f).contains("version 2 is not supported"), error(f));

        for (String e : new String[] {error(f)}) assertTrue(e.startsWith(f.toString()), e);
    }

    @Test
    void paddingBitsAboveMAreRefused() throws Exception {
        Path f = dir.resolve("pad.bin");
        CodesFile.write(f, PackedCodes.fromBits(new byte[10], 1, 10));
        byte[] b = Files.readAllBytes(f);
        b[33] = 0x40; // bit 14 of a 10-bit code
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - 4);
        int c = (int) crc.getValue();
        for (int t = 0; t < 4; t++) b[b.length - 4 + t] = (byte) (c >>> (8 * t));
        Files.write(f, b);
        assertTrue(error(f).contains("bits set above bit 9"), error(f));
    }

    /** Ten 32-bit codes with header field {@code at} set to {@code value} and a valid checksum again. */
    private Path withHeader(int at, long value, int size) throws Exception {
        Path f = dir.resolve("header.bin");
        CodesFile.write(f, random(10, 32, 1));
        byte[] b = Files.readAllBytes(f);
        for (int t = 0; t < size; t++) b[at + t] = (byte) (value >>> (8 * t));
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - 4);
        int c = (int) crc.getValue();
        for (int t = 0; t < 4; t++) b[b.length - 4 + t] = (byte) (c >>> (8 * t));
        Files.write(f, b);
        return f;
    }

    /** Each header field that is wrong is named with its own numbers, not a file size that does not follow from them. */
    @Test
    void headerErrorsNameTheFieldThatIsWrong() throws Exception {
        Path f = withHeader(24, 2, 4);
        assertEquals(f + ": corrupt codes file (header says W = 2 words per code; m = 32 bits take ceil(32/64) = 1)", error(f));
        f = withHeader(12, 0, 4);
        assertEquals(f + ": corrupt codes file (header says m = 0 bits per code; expected 1 to 2147483647)", error(f));
        f = withHeader(12, 0xFFFFFFFFL, 4); // uint32 on disk
        assertEquals(f + ": corrupt codes file (header says m = 4294967295 bits per code; expected 1 to 2147483647)", error(f));
        f = withHeader(12, 65, 4); // m = 65 takes 2 words, the header keeps W = 1
        assertEquals(f + ": corrupt codes file (header says W = 1 word per code; m = 65 bits take ceil(65/64) = 2)", error(f));
    }

    /** The size a count needs is exact, however large (8 n W overflows a long). */
    @Test
    void aCountTooLargeForTheFileStatesTheSizeItNeeds() throws Exception {
        Path f = withHeader(16, 11, 8);
        assertEquals(f + ": corrupt or truncated codes file (header says 11 codes of m = 32 bits in 1 word each, which needs 124 bytes;"
                + " the file has 116)", error(f));
        f = withHeader(16, 1L << 62, 8);
        assertEquals(f + ": corrupt or truncated codes file (header says 4611686018427387904 codes of m = 32 bits in 1 word each,"
                + " which needs 36893488147419103268 bytes; the file has 116)", error(f));
        f = withHeader(16, -1L, 8); // 2^64 - 1 as uint64
        assertEquals(f + ": corrupt or truncated codes file (header says 18446744073709551615 codes of m = 32 bits in 1 word each,"
                + " which needs 147573952589676412956 bytes; the file has 116)", error(f));
    }
}
