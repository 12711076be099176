package ammi.pairs;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PostCleanerTest {
    @Test
    void removesTheHeaderBlockWithFoldedLines() {
        String post = "From: jo@foo.edu (Jo Smith)\nSubject: Re: engines\nArticle-I.D.: foo.123\nKeywords: cars,\n\tengines\nLines: 3\n\n"
                + "The V8 is loud.\nIt is also thirsty.";
        assertEquals("The V8 is loud.\nIt is also thirsty.", PostCleaner.clean(post));
    }

    @Test
    void removesASecondHeaderBlock() {
        String post = "From: jo@foo.edu\nLines: 4\n\n\nOrganization: Foo Inc.\nKeywords: \n\nThe body.\n\nNote: a: b";
        assertEquals("The body.\n\nNote: a: b", PostCleaner.clean(post));
    }

    @Test
    void keepsAFirstParagraphThatIsNotAHeader() {
        // sklearn would drop this paragraph; it is body text, one line of which merely has a colon
        String post = "Note: read this first.\nThe rest of the paragraph.\n\nSecond paragraph.";
        assertEquals(post, PostCleaner.clean(post));
    }

    @Test
    void removesQuotedLines() {
        String post = "I disagree.\n> You said the moon is cheese.\n>> Earlier quote.\n| Boxed quote.\nIt is rock.";
        assertEquals("I disagree.\nIt is rock.", PostCleaner.clean(post));
    }

    @Test
    void removesAttributionLines() {
        String post = "In article <123@mimsy.umd.edu>\nmangoe@cs.umd.edu (Charley Wingate) writes:\n"
                + "Jo Smith wrote:\nMy reply is here.\nQuoted from the FAQ\nDone.";
        assertEquals("My reply is here.\nDone.", PostCleaner.clean(post));
    }

    @Test
    void removesTheSignatureFromTheLastDashLine() {
        assertEquals("Body line.\n-- not a separator", PostCleaner.clean("Body line.\n-- not a separator\n-- \nJo Smith\njo@foo.edu\n"));
        assertEquals("Body line.", PostCleaner.clean("Body line.\n--\nJo Smith"));
        assertEquals("Body line.\n-- \nBody again.", PostCleaner.clean("Body line.\n-- \nBody again.\n------------\nJo | foo.edu\n\n"));
    }

    @Test
    void keepsADashLineFarFromTheEnd() {
        StringBuilder post = new StringBuilder("Intro.\n-----\n");
        for (int i = 0; i <= PostCleaner.MAX_SIGNATURE_LINES; i++) post.append("Line ").append(i).append(".\n");
        String text = post.toString().strip();
        assertEquals(text, PostCleaner.clean(text)); // 16 lines follow the rule: too many for a signature
        assertEquals("Intro.", PostCleaner.clean(text.substring(0, text.lastIndexOf('\n')))); // 15 follow
    }

    @Test
    void leavesAPostWithoutBoilerplateUnchanged() {
        String post = "The cat sat on the mat.\nThe dog ran far away!\n\nBirds fly over the hills - and far.";
        assertEquals(post, PostCleaner.clean(post));
        assertEquals(post, PostCleaner.clean(post.replace("\n", "\r\n") + "\r\n"));
    }

    @Test
    void allTogether() {
        String post = "From: jo@foo.edu\nSubject: Re: moon\n\nIn article <1@x.org> al@x.org writes:\n> The moon is cheese.\n\n"
                + "No, it is rock. Ask any geologist.\n-- \nJo Smith, Foo University";
        assertEquals("No, it is rock. Ask any geologist.", PostCleaner.clean(post));
    }
}
