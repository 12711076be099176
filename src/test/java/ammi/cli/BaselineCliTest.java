package ammi.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BaselineCliTest extends CliTestBase {

    @Test
    void bowAndLshPrintValidationAndTestPrecision() {
        assertEquals(0, Main.run("baseline", "bow", "--data", "bbc", "--vocab-size", "2000"));
        assertTrue(out().contains("validation P@100 ") && out().contains("test P@100 "), out());
        out.reset();
        assertEquals(0, Main.run("baseline", "lsh", "--data", "bbc", "--vocab-size", "2000", "--bits", "16", "--seed", "3"));
        assertTrue(out().contains("LSH 16 bits, seed 3") && out().contains("test P@100 "), out());
    }

    @Test
    void unknownKindIsOneLine() {
        assertEquals(1, Main.run("baseline", "pca", "--data", "bbc"));
        assertOneErrorLine("pca", "bow, lsh");
    }

    @Test
    void bitsBelowOneIsOneLine() {
        assertEquals(1, Main.run("baseline", "lsh", "--data", "bbc", "--bits", "0"));
        assertOneErrorLine("--bits", "0");
    }
}
