package ammi.cli;

import ammi.util.UserError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks on an output path made before any work, so that a typo costs no training and no input. */
final class OutputChecks {
    private OutputChecks() {}

    /**
     * Refuses {@code out} when it names the input file {@code in} (null: no file input, e.g. a
     * bundled corpus name): the write would replace what was read.
     */
    static void notAnInput(Path out, String outOption, Path in, String inOption) {
        if (in == null || !Files.exists(in)) return;
        boolean same;
        try {
            same = Files.exists(out) ? Files.isSameFile(out, in) : out.toAbsolutePath().normalize().equals(in.toAbsolutePath().normalize());
        } catch (IOException e) {
            return; // unreadable here: the write itself will say what is wrong
        }
        if (same) throw new UserError(outOption + " " + out + " is the " + inOption + " input: writing it would replace what was read; give another file");
    }

    /**
     * Refuses two output options naming one file (options[i] with paths[i]; null paths are not
     * given): the later write would replace the earlier, and a model overwritten by metrics JSON is
     * lost without a word.
     */
    static void distinct(String[] options, Path[] paths) {
        for (int i = 0; i < paths.length; i++) {
            for (int j = i + 1; j < paths.length; j++) {
                if (paths[i] == null || paths[j] == null) continue;
                if (paths[i].toAbsolutePath().normalize().equals(paths[j].toAbsolutePath().normalize()))
                    throw new UserError(options[i] + " and " + options[j] + " both name " + paths[i] + "; give each output its own file");
            }
        }
    }

    /**
     * Refuses an output that cannot be written (its folder cannot be made, or takes no new file),
     * before training rather than after it. Nothing is left behind: the probe file is removed.
     */
    static void writable(Path out, String option) {
        if (out == null) return;
        Path abs = out.toAbsolutePath();
        if (Files.isDirectory(abs)) throw new UserError(option + " " + out + " is a folder; give a file name");
        try {
            if (abs.getParent() != null) Files.createDirectories(abs.getParent());
            Path probe = ammi.util.AtomicFiles.tempBeside(abs);
            ammi.util.AtomicFiles.deleteQuietly(probe); // also forgets it; the shutdown hook retries one that resists
        } catch (java.nio.file.FileAlreadyExistsException e) { // what createDirectories says of a file in the way
            throw new UserError(option + " " + out + ": cannot write there (" + e.getMessage() + " is a file, not a folder)");
        } catch (IOException | SecurityException e) {
            throw new UserError(option + " " + out + ": cannot write there (" + e.getMessage() + ")");
        }
    }
}
