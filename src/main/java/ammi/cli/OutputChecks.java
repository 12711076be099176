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
}
