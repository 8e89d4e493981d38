package dev.retort.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Log-log line charts of cost against N, one panel per benchmark and database, in one PNG. */
final class Chart {
  /** One line: a tool's medians at each N. */
  record Series(String label, Color color, boolean dashed, double[] ns, double[] values) {}

  /** One panel. */
  record Panel(String title, String yUnit, List<Series> series) {}

  private static final int PANEL_WIDTH = 720;
  private static final int PANEL_HEIGHT = 480;

  private Chart() {}

  static Color color(Tool tool) {
    return switch (tool) {
      case RETORT -> new Color(0xC0392B);
      case FLYWAY -> new Color(0x2E86C1);
      case LIQUIBASE -> new Color(0x28B463);
      case FLOOR -> new Color(0x333333);
      case EMPTY -> new Color(0x999999);
    };
  }

  /** Writes {@code panels} as a grid with {@code columns} columns. */
  static void write(Path file, String heading, List<Panel> panels, int columns)
      throws IOException {
    int rows = (panels.size() + columns - 1) / columns;
    int top = 50;
    BufferedImage image =
        new BufferedImage(
            PANEL_WIDTH * columns, top + PANEL_HEIGHT * rows, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    g.setColor(Color.BLACK);
    // The heading shrinks to fit a one-column chart.
    for (int size = 20; size >= 10; size--) {
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
      if (g.getFontMetrics().stringWidth(heading) <= image.getWidth() - 40) {
        break;
      }
    }
    g.drawString(heading, 20, 32);
    for (int i = 0; i < panels.size(); i++) {
      Graphics2D panel =
          (Graphics2D)
              g.create(
                  (i % columns) * PANEL_WIDTH,
                  top + (i / columns) * PANEL_HEIGHT,
                  PANEL_WIDTH,
                  PANEL_HEIGHT);
      draw(panel, panels.get(i));
      panel.dispose();
    }
    g.dispose();
    Files.createDirectories(file.getParent());
    ImageIO.write(image, "png", file.toFile());
  }

  private static void draw(Graphics2D g, Panel panel) {
    int left = 90;
    int right = PANEL_WIDTH - 30;
    int top = 40;
    int bottom = PANEL_HEIGHT - 100;
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    g.drawString(panel.title(), left - 60, 24);

    double xMin = Double.MAX_VALUE;
    double xMax = 0;
    double yMin = Double.MAX_VALUE;
    double yMax = 0;
    for (Series s : panel.series()) {
      for (int i = 0; i < s.ns().length; i++) {
        xMin = Math.min(xMin, s.ns()[i]);
        xMax = Math.max(xMax, s.ns()[i]);
        yMin = Math.min(yMin, s.values()[i]);
        yMax = Math.max(yMax, s.values()[i]);
      }
    }
    if (xMax == 0) {
      return;
    }
    double lx0 = Math.log10(xMin) - 0.15;
    double lx1 = Math.log10(xMax) + 0.15;
    double ly0 = Math.log10(yMin) - 0.1;
    double ly1 = Math.log10(yMax) + 0.1;
    if (ly1 - ly0 < 0.5) {
      double mid = (ly0 + ly1) / 2;
      ly0 = mid - 0.25;
      ly1 = mid + 0.25;
    }
    Axis x = new Axis(lx0, lx1, left, right);
    Axis y = new Axis(ly0, ly1, bottom, top);

    // Grid and tick labels.
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    FontMetrics metrics = g.getFontMetrics();
    Stroke grid = new BasicStroke(1f);
    for (double tick : ticks(ly0, ly1)) {
      int py = y.pixel(Math.log10(tick));
      g.setColor(new Color(0xE5E5E5));
      g.setStroke(grid);
      g.drawLine(left, py, right, py);
      g.setColor(Color.DARK_GRAY);
      String label = number(tick);
      g.drawString(label, left - 8 - metrics.stringWidth(label), py + 4);
    }
    List<Double> xs = new ArrayList<>();
    for (Series s : panel.series()) {
      for (double n : s.ns()) {
        if (!xs.contains(n)) {
          xs.add(n);
        }
      }
    }
    for (double n : xs) {
      int px = x.pixel(Math.log10(n));
      g.setColor(new Color(0xE5E5E5));
      g.drawLine(px, top, px, bottom);
      g.setColor(Color.DARK_GRAY);
      String label = String.format(Locale.ROOT, "%,d", (long) n);
      g.drawString(label, px - metrics.stringWidth(label) / 2, bottom + 18);
    }
    g.setColor(Color.BLACK);
    g.drawRect(left, top, right - left, bottom - top);
    g.drawString("N (revisions in the history), log scale", (left + right) / 2 - 110, bottom + 40);
    Graphics2D rotated = (Graphics2D) g.create();
    rotated.rotate(-Math.PI / 2);
    rotated.drawString(panel.yUnit() + ", log scale", -(top + bottom) / 2 - 60, 18);
    rotated.dispose();

    // Lines and markers, then the legend on a white box over them.
    for (Series s : panel.series()) {
      g.setColor(s.color());
      g.setStroke(legendStroke(s));
      int previousX = -1;
      int previousY = -1;
      for (int i = 0; i < s.ns().length; i++) {
        int px = x.pixel(Math.log10(s.ns()[i]));
        int py = y.pixel(Math.log10(s.values()[i]));
        if (previousX >= 0) {
          g.drawLine(previousX, previousY, px, py);
        }
        g.fillOval(px - 4, py - 4, 9, 9);
        previousX = px;
        previousY = py;
      }
    }
    // The legend goes under the axis label, in rows, so that it never hides a line.
    int legendX = left;
    int legendY = bottom + 66;
    for (Series s : panel.series()) {
      int width = 36 + metrics.stringWidth(s.label()) + 24;
      if (legendX + width > right) {
        legendX = left;
        legendY += 18;
      }
      g.setColor(s.color());
      g.setStroke(legendStroke(s));
      g.drawLine(legendX, legendY - 4, legendX + 28, legendY - 4);
      g.setColor(Color.BLACK);
      g.drawString(s.label(), legendX + 34, legendY);
      legendX += width;
    }
  }

  private static Stroke legendStroke(Series s) {
    return s.dashed()
        ? new BasicStroke(
            2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {7f, 5f}, 0f)
        : new BasicStroke(2.5f);
  }

  /** 1, 2 and 5 times powers of ten within the range; 1 to 9 times when that gives too few. */
  private static List<Double> ticks(double logMin, double logMax) {
    List<Double> ticks = ticks(logMin, logMax, new int[] {1, 2, 5});
    return ticks.size() >= 3 ? ticks : ticks(logMin, logMax, new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
  }

  private static List<Double> ticks(double logMin, double logMax, int[] multiples) {
    List<Double> ticks = new ArrayList<>();
    for (int decade = (int) Math.floor(logMin); decade <= Math.ceil(logMax); decade++) {
      for (int m : multiples) {
        double value = m * Math.pow(10, decade);
        double log = Math.log10(value);
        if (log >= logMin && log <= logMax) {
          ticks.add(value);
        }
      }
    }
    return ticks;
  }

  private static String number(double value) {
    if (value >= 1) {
      return String.format(Locale.ROOT, "%,d", Math.round(value));
    }
    return new java.math.BigDecimal(value)
        .round(new java.math.MathContext(2))
        .stripTrailingZeros()
        .toPlainString();
  }

  private record Axis(double from, double to, int pixelFrom, int pixelTo) {
    int pixel(double value) {
      return (int) Math.round(pixelFrom + (value - from) / (to - from) * (pixelTo - pixelFrom));
    }
  }
}
