package ammi.data;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DocumentTest {
    @Test
    void firstLineIsTheFirstNonBlankLineOnOneShortLine() {
        assertEquals("Ad sales boost", Document.firstLine("Ad sales boost\n\nQuarterly profits"));
        assertEquals("From: a b", Document.firstLine("\n  \r\n  From:\ta   b  \r\nSubject"));
        assertEquals("", Document.firstLine(" \n\t\n"));
        assertEquals("", Document.firstLine(null));
        String longLine = "x".repeat(250);
        assertEquals("x".repeat(97) + "...", Document.firstLine(longLine + "\nsecond"));
        assertEquals("y".repeat(100), Document.firstLine("y".repeat(100)));
    }
}
