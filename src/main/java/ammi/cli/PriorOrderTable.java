package ammi.cli;

import ammi.model.PriorOrderExperiment;

import java.util.Locale;

/** The rows of {@code experiment prior-order}: on the console as they finish, and as CSV. */
final class PriorOrderTable {
    private PriorOrderTable() {}

    static String fitHeader() {
        return String.format(Locale.ROOT, "%3s  %10s  %11s  %15s  %6s  %8s", "r", "fitted H+", "gap to H(Z)", "order-r minimum", "steps", "seconds");
    }

    static String fitRow(PriorOrderExperiment.Fit f, double entropy) {
        return String.format(Locale.ROOT, "%3d  %10.4f  %11.4f  %15.4f  %6s  %8.1f", f.order(), f.crossEntropy(),
                f.gap(entropy), f.optimum(), f.steps() + (f.converged() ? "" : "*"), f.seconds());
    }

    static String runHeader(int topK) {
        return String.format(Locale.ROOT, "%3s  %3s  %10s  %10s  %8s", "o", "r", "val P@" + topK, "best epoch", "seconds");
    }

    static String runRow(PriorOrderExperiment.Run r) {
        return String.format(Locale.ROOT, "%3d  %3d  %10.2f  %10s  %8.1f", r.orderPosterior(), r.order(), r.valPrecision(),
                r.bestEpoch() + "/" + r.epochs(), r.seconds());
    }

    /**
     * One row per point: panel a (fits; entropy is the brute-force H(Z)), panel b (AMMI runs) and
     * one bmmi row (the reference line of panel b). Cells that do not apply are empty; the last
     * column is the encoder's order o.
     */
    static String csv(PriorOrderExperiment.Result result) {
        StringBuilder sb = new StringBuilder("panel,r,cross_entropy,entropy,gap,optimum,steps,converged,seconds,val_precision,order_posterior\n");
        for (PriorOrderExperiment.Fit f : result.fits()) {
            sb.append(String.format(Locale.ROOT, "a,%d,%.10f,%.10f,%.10f,%.10f,%d,%b,%.3f,,%d\n", f.order(), f.crossEntropy(),
                    result.entropy(), f.gap(result.entropy()), f.optimum(), f.steps(), f.converged(), f.seconds(), result.orderPosterior()));
        }
        for (PriorOrderExperiment.Run r : result.runs()) {
            sb.append(String.format(Locale.ROOT, "b,%d,,,,,,,%.3f,%.4f,%d\n", r.order(), r.seconds(), r.valPrecision(), r.orderPosterior()));
        }
        sb.append(String.format(Locale.ROOT, "bmmi,,,,,,,,%.3f,%.4f,%d\n", result.bmmiSeconds(), result.bmmiValPrecision(), result.orderPosterior()));
        return sb.toString();
    }
}
