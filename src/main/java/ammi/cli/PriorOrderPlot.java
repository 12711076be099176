package ammi.cli;

import ammi.model.PriorOrderExperiment;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code experiment prior-order --plot}: the paper's Figure 1 as one PNG, panel (a) (fitted H+
 * against r, with the brute-force H(Z) as the gray line) beside panel (b) (validation P@K of
 * AMMI against r, one line per encoder order o, with BMMI as the gray line).
 */
final class PriorOrderPlot {
    static final int PANEL_WIDTH = 700, HEIGHT = 500;
    private static final Color BLUE = new Color(31, 119, 180), ORANGE = new Color(255, 127, 14), GREEN = new Color(44, 160, 44);

    private PriorOrderPlot() {}

    static void write(Path file, PriorOrderExperiment.Result result, int topK, String dataName) {
        System.setProperty("java.awt.headless", "true"); // no display on servers and CI
        List<PriorOrderExperiment.Fit> fits = result.fits();
        double[] r = new double[fits.size()], fitted = new double[r.length], best = new double[r.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = fits.get(i).order();
            fitted[i] = fits.get(i).crossEntropy();
            best[i] = fits.get(i).optimum();
        }
        XYChart a = chart(String.format(Locale.ROOT, "(a) cross entropy on a fixed batch of %d documents (m = %d, o = %d)",
                result.batch(), result.bits(), result.orderPosterior()), "nats");
        line(a, "fitted H+(p_Z, q_r), Adam", r, fitted, BLUE, SeriesMarkers.CIRCLE, SeriesLines.SOLID);
        line(a, "order-r minimum (closed form)", r, best, ORANGE, SeriesMarkers.NONE, SeriesLines.DASH_DASH);
        level(a, String.format(Locale.ROOT, "H(Z) by brute force = %.3f", result.entropy()), r, result.entropy());

        XYChart b = chart("(b) validation P@" + topK + " on " + dataName, "validation P@" + topK);
        double[] allR = result.runs().stream().mapToDouble(PriorOrderExperiment.Run::order).sorted().toArray();
        Color[] colors = {BLUE, GREEN};
        int[] encoderOrders = result.runs().stream().mapToInt(PriorOrderExperiment.Run::orderPosterior).distinct().toArray();
        for (int k = 0; k < encoderOrders.length; k++) {
            int eo = encoderOrders[k];
            List<PriorOrderExperiment.Run> runs = result.runs().stream().filter(x -> x.orderPosterior() == eo).toList();
            double[] rb = runs.stream().mapToDouble(PriorOrderExperiment.Run::order).toArray();
            double[] val = runs.stream().mapToDouble(PriorOrderExperiment.Run::valPrecision).toArray();
            line(b, String.format(Locale.ROOT, "AMMI (o = %d), order-r prior", eo), rb, val, colors[k % colors.length],
                    k == 0 ? SeriesMarkers.CIRCLE : SeriesMarkers.SQUARE, SeriesLines.SOLID);
        }
        level(b, String.format(Locale.ROOT, "BMMI, brute-force entropy (%d epochs) = %.2f", result.bmmiEpochs(),
                result.bmmiValPrecision()), allR, result.bmmiValPrecision());

        ChartPanels.writePng(file, a, b, PANEL_WIDTH, HEIGHT, true);
    }

    private static XYChart chart(String title, String yTitle) {
        return ChartPanels.panel(PANEL_WIDTH, HEIGHT, title, "Markov order r of the variational prior", yTitle,
                Styler.LegendLayout.Vertical);
    }

    private static void line(XYChart chart, String name, double[] x, double[] y, Color color,
                             org.knowm.xchart.style.markers.Marker marker, java.awt.BasicStroke stroke) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setLineColor(color);
        s.setMarkerColor(color);
        s.setMarker(marker);
        s.setLineStyle(stroke);
    }

    /** A horizontal gray line across the orders shown: the brute-force reference. */
    private static void level(XYChart chart, String name, double[] x, double y) {
        double lo = x.length == 0 ? 0 : x[0], hi = x.length == 0 ? 1 : x[x.length - 1];
        if (hi == lo) hi = lo + 1;
        XYSeries s = chart.addSeries(name, new double[] {lo, hi}, new double[] {y, y});
        s.setLineColor(Color.GRAY);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineStyle(SeriesLines.SOLID);
    }
}
