package ammi.cli;

import ammi.util.AtomicFiles;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/** The engine's plots: white XY panels with whole-number x axes, two to a PNG, written atomically. */
final class ChartPanels {
    private ChartPanels() {}

    /** A panel; the x axis counts whole things (epochs, orders), the legend sits below. */
    static XYChart panel(int width, int height, String title, String xTitle, String yTitle, Styler.LegendLayout legend) {
        XYChart c = new XYChartBuilder().width(width).height(height).title(title == null ? "" : title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setLegendLayout(legend);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotBackgroundColor(Color.WHITE);
        c.getStyler().setXAxisDecimalPattern("0");
        c.getStyler().setXAxisMaxLabelCount(20);
        return c;
    }

    /** Paints two panels of width x height each, side by side or stacked, into one PNG (temp file, then rename). */
    static void writePng(Path file, XYChart first, XYChart second, int width, int height, boolean sideBySide) {
        BufferedImage image = new BufferedImage(sideBySide ? 2 * width : width, sideBySide ? height : 2 * height,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        first.paint(g, width, height);
        if (sideBySide) g.translate(width, 0);
        else g.translate(0, height);
        second.paint(g, width, height);
        g.dispose();
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) throw new java.io.IOException("no PNG writer in this Java runtime");
        });
    }
}
