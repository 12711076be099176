package ammi.cli;

import ammi.model.Trainer;
import ammi.util.UserError;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code train --plot}: one PNG with two panels over the epochs, the loss terms of Algorithm 2
 * (loss, H(Z|Y), H+(Z), in nats) above and validation top-K precision below.
 */
final class TrainingCurves {
    static final int WIDTH = 900, PANEL_HEIGHT = 420;

    private TrainingCurves() {}

    /**
     * Writes the PNG atomically. {@code predictive}: the first loss term is H+(Z_Y|X) and the
     * score is matching precision.
     */
    static void write(Path file, List<Trainer.EpochReport> epochs, int topK, boolean predictive, String title) {
        System.setProperty("java.awt.headless", "true"); // no display on servers and CI
        if (epochs.isEmpty()) throw new UserError("--plot " + file + ": no epoch finished, nothing to draw");
        double[] x = new double[epochs.size()], loss = new double[x.length], cond = new double[x.length],
                cross = new double[x.length], val = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            Trainer.EpochReport r = epochs.get(i);
            x[i] = r.epoch();
            loss[i] = r.loss();
            cond[i] = r.conditionalEntropy();
            cross[i] = r.crossEntropy();
            val[i] = r.valPrecision();
        }
        XYChart terms = chart(title, "nats (training average per epoch)");
        add(terms, "loss = " + (predictive ? "H+(Z|X)" : "H(Z|Y)") + " - beta H+(Z)", x, loss);
        add(terms, predictive ? "H+(Z|X)" : "H(Z|Y)", x, cond);
        add(terms, "H+(Z)", x, cross);
        XYChart score = chart(null, "validation " + (predictive ? "match@" : "P@") + topK);
        add(score, "validation " + (predictive ? "match@" : "P@") + topK, x, val);
        int best = -1; // the kept epoch: the last one that improved
        for (int i = 0; i < x.length; i++) if (epochs.get(i).best()) best = i;
        if (best >= 0) {
            XYSeries kept = score.addSeries(String.format(java.util.Locale.ROOT, "kept: epoch %d (%.2f)", epochs.get(best).epoch(), val[best]),
                    new double[] {x[best]}, new double[] {val[best]});
            kept.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            kept.setMarker(SeriesMarkers.DIAMOND);
            kept.setMarkerColor(Color.RED);
        }

        ChartPanels.writePng(file, terms, score, WIDTH, PANEL_HEIGHT, false);
    }

    private static XYChart chart(String title, String yTitle) {
        return ChartPanels.panel(WIDTH, PANEL_HEIGHT, title, "epoch", yTitle, Styler.LegendLayout.Horizontal);
    }

    private static void add(XYChart chart, String name, double[] x, double[] y) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.CIRCLE);
    }
}
