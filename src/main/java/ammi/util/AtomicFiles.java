package ammi.util;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Writes a file through a temporary sibling and a rename, so a crash never leaves half a file. */
public final class AtomicFiles {

    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** Temporaries made by {@link #tempBeside} and not yet renamed or deleted. */
    private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

    /**
     * Held while {@link #writeAll} renames (and rolls back): the shutdown hook waits for it, so
     * Ctrl-C between two renames cannot delete the backup a rollback still needs.
     */
    private static final Object COMMIT = new Object();

    static {
        try {
            // Ctrl-C (SIGINT) or SIGTERM mid-write would otherwise leave ".NAME.*.tmp" files behind
            Runtime.getRuntime().addShutdownHook(new Thread(AtomicFiles::deletePending, "ammi-delete-temporaries"));
        } catch (IllegalStateException e) {
            // already shutting down: the temporaries made now are deleted by their writer's finally
        }
    }

    private AtomicFiles() {}

    public static void write(Path target, Writer writer) {
        writeAll(java.util.List.of(target), java.util.List.of(writer));
    }

    /**
     * Writes files that belong together (codes and their ids): all temporaries first, then the
     * renames in order. When a rename fails, the targets already renamed get their previous
     * contents back, so the set is either all new or all as it was, never a mix.
     */
    public static void writeAll(java.util.List<Path> targets, java.util.List<Writer> writers) {
        if (targets.size() != writers.size()) throw new IllegalArgumentException(targets.size() + " targets, " + writers.size() + " writers");
        int n = targets.size();
        Path[] abs = new Path[n], tmps = new Path[n], backups = new Path[n];
        boolean[] existed = new boolean[n];
        int current = 0, renamed = 0;
        try {
            for (current = 0; current < n; current++) {
                abs[current] = targets.get(current).toAbsolutePath();
                if (abs[current].getParent() != null) Files.createDirectories(abs[current].getParent());
                tmps[current] = tempBeside(abs[current]);
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmps[current]), 1 << 16)) {
                    writers.get(current).write(out);
                }
            }
            // Renames and any rollback under one hold of the lock: the shutdown hook must not delete
            // a backup between a failed rename and the rollback that needs it.
            synchronized (COMMIT) {
                try {
                    for (current = 0; current < n; current++) {
                        existed[current] = Files.isRegularFile(abs[current]);
                        if (existed[current] && current < n - 1) { // the last rename has no later one to fail after it
                            backups[current] = tempBeside(abs[current]);
                            Files.copy(abs[current], backups[current], StandardCopyOption.REPLACE_EXISTING);
                        }
                        moveOver(tmps[current], abs[current]);
                        tmps[current] = null;
                        renamed++;
                    }
                } catch (IOException e) {
                    for (int i = renamed - 1; i >= 0; i--) {
                        try {
                            if (existed[i]) {
                                moveOver(backups[i], abs[i]);
                                backups[i] = null;
                            } else {
                                Files.deleteIfExists(abs[i]);
                            }
                        } catch (IOException ignored) {
                            // the first error is the one to report
                        }
                    }
                    throw e;
                }
            }
        } catch (IOException e) {
            throw new UserError(targets.get(Math.min(current, n - 1)) + ": cannot write (" + e.getMessage() + ")", e);
        } finally {
            for (Path t : tmps) deleteQuietly(t);
            for (Path b : backups) deleteQuietly(b);
        }
    }

    /**
     * A new temporary file beside {@code target} (hidden, ".NAME.*.tmp"), for writers that need
     * the path itself or that rename several files only once all are complete. It stays pending
     * (deleted if the JVM shuts down) until {@link #moveOver} or {@link #deleteQuietly} disposes of it.
     */
    public static Path tempBeside(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName() + ".", ".tmp");
        PENDING.add(tmp);
        try {
            makeReadable(tmp); // temp files are created owner-only; the result is an ordinary file
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
        return tmp;
    }

    /** Renames a complete temporary file over its target, atomically where the file system can. */
    public static void moveOver(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        PENDING.remove(tmp); // it is the target now: not the shutdown hook's to delete
    }

    /** Removes a leftover temporary file after a failure (null: nothing left). */
    public static void deleteQuietly(Path tmp) {
        if (tmp == null) return;
        try {
            Files.deleteIfExists(tmp);
            PENDING.remove(tmp);
        } catch (IOException ignored) {
            // the original error matters more than the leftover temp file; the hook tries again
        }
    }

    /** The shutdown hook: deletes every temporary still pending (after any rename in progress). */
    static void deletePending() {
        synchronized (COMMIT) {
            for (Path tmp : PENDING) deleteQuietly(tmp);
        }
    }

    /** The temporaries pending now, for tests. */
    static Set<Path> pending() {
        return Set.copyOf(PENDING);
    }

    private static void makeReadable(Path p) throws IOException {
        try {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep the defaults
        }
    }

    public static void writeString(Path target, String text) {
        write(target, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
