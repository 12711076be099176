package ammi.cli;

import ammi.model.Trainer;

import java.io.PrintStream;
import java.util.Locale;

/** Prints a progress bar within each epoch (only on a terminal) and one line per epoch. */
final class ConsoleProgress implements Trainer.Listener {
    private final PrintStream out;
    private final PrintStream err;
    private final boolean bar;
    private final int topK;
    private final boolean predictive;
    private int lastDrawn = -1;

    ConsoleProgress(PrintStream out, PrintStream err, boolean quiet, int topK) {
        this(out, err, quiet, topK, false);
    }

    /** {@code predictive}: the first loss term is H+(Z_Y|X) and validation is matching precision. */
    ConsoleProgress(PrintStream out, PrintStream err, boolean quiet, int topK, boolean predictive) {
        this.out = out;
        this.err = err;
        this.bar = !quiet && System.console() != null;
        this.topK = topK;
        this.predictive = predictive;
    }

    @Override
    public void onBatch(int epoch, int batch, int batches) {
        if (!bar) return;
        int width = 30;
        int filled = (int) ((long) batch * width / batches);
        if (filled == lastDrawn && batch != batches) return;
        lastDrawn = filled;
        err.print(String.format(Locale.ROOT, "\repoch %3d [%s%s] %d/%d", epoch,
                "=".repeat(filled), " ".repeat(width - filled), batch, batches));
        if (batch == batches) {
            err.print("\r" + " ".repeat(60) + "\r");
            lastDrawn = -1;
        }
        err.flush();
    }

    @Override
    public void onEpoch(Trainer.EpochReport r) {
        if (predictive) {
            out.println(String.format(Locale.ROOT,
                    "epoch %3d | loss %9.4f | H+(Z|X) %8.4f | H+(Z) %8.4f | val match@%d %s | %6.2f s",
                    r.epoch(), r.loss(), r.conditionalEntropy(), r.crossEntropy(), topK, score(r),
                    r.trainSeconds() + r.evalSeconds()));
            out.flush();
            return;
        }
        out.println(String.format(Locale.ROOT,
                "epoch %3d | loss %9.4f | H(Z|Y) %8.4f | H+(Z) %8.4f | val P@%d %s | %6.2f s",
                r.epoch(), r.loss(), r.conditionalEntropy(), r.crossEntropy(), topK, score(r),
                r.trainSeconds() + r.evalSeconds()));
        out.flush();
    }

    /** The validation score, starred when it is the best so far; unscored (no labels) epochs show "n/a" and no star, as none is picked. */
    private static String score(Trainer.EpochReport r) {
        if (Double.isNaN(r.valPrecision())) return "   n/a  ";
        return String.format(Locale.ROOT, "%6.2f%s", r.valPrecision(), r.best() ? " *" : "  ");
    }

    @Override
    public void onWarning(String message) {
        err.println("warning: " + message);
        err.flush();
    }
}
