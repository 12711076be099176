package ammi.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerTest {
    @Test
    void dropsStopWordsDigitsPunctuationAndLowercases() {
        String s = "The U.S. company's 3 NEW e-mail servers (x86) are FAST, aren't they? Running at 2.5GHz! Café Hello,world";
        assertEquals(List.of("new", "mail", "servers", "fast", "running", "hello", "world"),
                Tokenizer.standard().tokenize(s));
    }

    @Test
    void emptyAndStopWordOnlyTextGiveNoTokens() {
        assertEquals(List.of(), Tokenizer.standard().tokenize(""));
        assertEquals(List.of(), Tokenizer.standard().tokenize("The and of, to 1987 -- a I"));
    }

    @Test
    void reusableAcrossCalls() {
        Tokenizer t = Tokenizer.standard();
        for (int i = 0; i < 3; i++) assertEquals(List.of("oil", "prices", "rose"), t.tokenize("Oil prices rose 5%."));
    }
}
