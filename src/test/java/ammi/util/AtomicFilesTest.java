package ammi.util;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private static AtomicFiles.Writer text(String s) {
        return out -> out.write(s.getBytes(StandardCharsets.UTF_8));
    }

    /** The names in dir: no temporary or backup file may be left behind. */
    private List<String> names() throws Exception {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writeAllWritesEveryFile() throws Exception {
        Path a = dir.resolve("a"), b = dir.resolve("sub/b");
        Files.writeString(a, "old a");
        AtomicFiles.writeAll(List.of(a, b), List.of(text("new a"), text("new b")));
        assertEquals("new a", Files.readString(a));
        assertEquals("new b", Files.readString(b));
        assertEquals(List.of("a", "sub"), names());
    }

    /** The second rename fails (its target is a directory): the first file gets its old contents back. */
    @Test
    void aFailedRenameRestoresTheFilesAlreadyRenamed() throws Exception {
        Path a = dir.resolve("a"), b = dir.resolve("b");
        Files.writeString(a, "old a");
        Files.createDirectories(b.resolve("inside"));
        UserError e = assertThrows(UserError.class, () -> AtomicFiles.writeAll(List.of(a, b), List.of(text("new a"), text("new b"))));
        assertTrue(e.getMessage().startsWith(b + ": cannot write"), e.getMessage());
        assertEquals("old a", Files.readString(a));
        assertEquals(List.of("a", "b"), names());
    }

    /**
     * The shutdown hook running while a rename fails must not take the backup its rollback needs:
     * with the renames and the rollback under two holds of the lock, the first file kept its new
     * contents in about 1% of such runs (24 of 2000 in a review; this test failed at its second run).
     */
    @Test
    void theShutdownHookNeverSplitsARollback() throws Exception {
        Path a = dir.resolve("a"), b = dir.resolve("b");
        Files.createDirectories(b.resolve("inside")); // b's rename always fails
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread hook = new Thread(() -> {
            while (!stop.get()) AtomicFiles.deletePending();
        });
        hook.start();
        try {
            for (int run = 0; run < 500; run++) {
                Files.writeString(a, "old a");
                assertThrows(UserError.class, () -> AtomicFiles.writeAll(List.of(a, b), List.of(text("new a"), text("new b"))));
                assertEquals("old a", Files.readString(a), "run " + run);
            }
        } finally {
            stop.set(true);
            hook.join();
        }
    }

    /** A file that did not exist before is removed again when a later one fails. */
    @Test
    void aFailedRenameRemovesFilesThatWereNew() throws Exception {
        Path a = dir.resolve("a"), b = dir.resolve("b");
        Files.createDirectories(b.resolve("inside"));
        assertThrows(UserError.class, () -> AtomicFiles.writeAll(List.of(a, b), List.of(text("new a"), text("new b"))));
        assertFalse(Files.exists(a));
        assertEquals(List.of("b"), names());
    }

    /** A writer that fails leaves every target untouched. */
    @Test
    void aFailedWriterChangesNothing() throws Exception {
        Path a = dir.resolve("a"), b = dir.resolve("b");
        Files.writeString(a, "old a");
        AtomicFiles.Writer broken = out -> {
            out.write(1);
            throw new java.io.IOException("disk full");
        };
        UserError e = assertThrows(UserError.class, () -> AtomicFiles.writeAll(List.of(a, b), List.of(text("new a"), broken)));
        assertTrue(e.getMessage().contains("disk full"), e.getMessage());
        assertEquals("old a", Files.readString(a));
        assertEquals(List.of("a"), names());
    }

    /** The temporaries still pending in dir (other tests' writes are not ours to check). */
    private List<Path> pendingHere() {
        return AtomicFiles.pending().stream().filter(p -> p.startsWith(dir.toAbsolutePath())).toList();
    }

    /** Renamed temporaries are forgotten: the shutdown hook must not delete what is now the target. */
    @Test
    void aWriteLeavesNothingPending() throws Exception {
        Path a = dir.resolve("a"), b = dir.resolve("b");
        Files.writeString(a, "old a"); // a backup is made and deleted too
        AtomicFiles.writeAll(List.of(a, b), List.of(text("new a"), text("new b")));
        assertEquals(List.of(), pendingHere());
    }

    @Test
    void failedWritesLeaveNothingPending() throws Exception {
        Path a = dir.resolve("a"), b = dir.resolve("b");
        Files.writeString(a, "old a");
        AtomicFiles.Writer broken = out -> {
            throw new java.io.IOException("disk full");
        };
        assertThrows(UserError.class, () -> AtomicFiles.writeAll(List.of(a, b), List.of(text("new a"), broken)));
        assertEquals(List.of(), pendingHere());
        Files.createDirectories(b.resolve("inside")); // now the second rename fails: the backup of a is renamed back
        assertThrows(UserError.class, () -> AtomicFiles.writeAll(List.of(a, b), List.of(text("new a"), text("new b"))));
        assertEquals("old a", Files.readString(a));
        assertEquals(List.of(), pendingHere());
    }

    /** What Ctrl-C mid-write runs: the temporaries not yet renamed are deleted, the targets kept. */
    @Test
    void theShutdownHookDeletesPendingTemporaries() throws Exception {
        Path a = dir.resolve("a");
        Files.writeString(a, "old a");
        Path tmp = AtomicFiles.tempBeside(a);
        Files.writeString(tmp, "half of new a");
        assertEquals(List.of(tmp), pendingHere());
        AtomicFiles.deletePending();
        assertEquals(List.of("a"), names());
        assertEquals("old a", Files.readString(a));
        assertEquals(List.of(), pendingHere());
    }

    /** The pre-flight probe of a writable output is forgotten once deleted. */
    @Test
    void aTemporaryDeletedByItsWriterIsForgotten() throws Exception {
        Path tmp = AtomicFiles.tempBeside(dir.resolve("a"));
        AtomicFiles.deleteQuietly(tmp);
        assertEquals(List.of(), pendingHere());
        assertEquals(List.of(), names());
    }
}
