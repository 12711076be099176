package ammi.model;

import ammi.util.AtomicFiles;
import ammi.util.UserError;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A grid search's record: one CSV row per finished run, sorted by run number. The whole file is
 * rewritten (temp file, then rename) after every run, so a crash leaves the previous complete
 * file and {@code --resume} knows exactly which runs are done.
 */
public final class RunsCsv {
    public static final List<String> HEADER = List.of("run", "seed", "lr", "lr_prior", "clip", "batch_size", "init",
            "entropy_weight", "prior_steps", "hidden", "layers", "raw_prior", "val_precision", "val_stopping", "test_precision",
            "epochs", "best_epoch", "seconds", "stop_reason", "flags", "data");
    /**
     * The header before the data column (the corpus or pairs and the data options every run read):
     * such a file resumes without that check, and is written back with the new header.
     */
    static final List<String> HEADER_WITHOUT_DATA = HEADER.subList(0, HEADER.size() - 1);
    /**
     * The header before val_stopping (the score each run's early stopping read, by which the search
     * ranks): such a file is read with val_stopping = val_precision, as those runs had it, and is
     * written back with the new header.
     */
    static final List<String> HEADER_WITHOUT_STOPPING = HEADER_WITHOUT_DATA.stream().filter(c -> !c.equals("val_stopping")).toList();
    /** Columns 1..SETTINGS-1 are the sampled settings; resume checks them against the sampler. */
    private static final int SETTINGS = 12;

    private RunsCsv() {}

    /** {@code data}: what every run trained on, the source and its data options (one value for the whole search). */
    public static void write(Path file, List<GridSearch.Run> runs, String data) {
        AtomicFiles.writeString(file, format(runs, data));
    }

    public static String format(List<GridSearch.Run> runs, String data) {
        StringBuilder sb = new StringBuilder(line(HEADER));
        runs.stream().sorted(java.util.Comparator.comparingInt(GridSearch.Run::index)).forEach(r -> {
            List<String> cells = cells(r);
            cells.add(data);
            sb.append(line(cells));
        });
        return sb.toString();
    }

    static List<String> cells(GridSearch.Run r) {
        List<String> cells = settings(r.index(), r.config());
        cells.add(Double.toString(r.valPrecision()));
        cells.add(Double.toString(r.stoppingScore()));
        cells.add(Double.toString(r.testPrecision()));
        cells.add(Integer.toString(r.epochs()));
        cells.add(Integer.toString(r.bestEpoch()));
        cells.add(String.format(java.util.Locale.ROOT, "%.3f", r.seconds()));
        cells.add(r.stopReason());
        cells.add(r.config().toFlags());
        return cells;
    }

    private static List<String> settings(int index, AmmiConfig c) {
        List<String> cells = new ArrayList<>();
        cells.add(Integer.toString(index));
        cells.add(Long.toString(c.seed));
        cells.add(plain(c.lr));
        cells.add(plain(c.effectiveLrPrior()));
        cells.add(plain(c.clip));
        cells.add(Integer.toString(c.batchSize));
        cells.add(plain(c.init));
        cells.add(plain(c.entropyWeight));
        cells.add(Integer.toString(c.priorSteps));
        cells.add(Integer.toString(c.hidden));
        cells.add(Integer.toString(c.layers));
        cells.add(c.rawPrior ? "yes" : "no");
        return cells;
    }

    /** 0.0003 rather than 3.0E-4: the grid's values as the paper writes them. */
    private static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /**
     * The finished runs of {@code file}. {@code configOf} gives run i's configuration as this
     * search samples it; a row whose settings differ belongs to another search (another
     * --search-seed or other fixed options) and is an error rather than silently mixed in; so is a
     * row trained on other {@code data} (another corpus, or other data options such as the
     * vocabulary size), when the file has the data column.
     */
    public static List<GridSearch.Run> read(Path file, IntFunction<AmmiConfig> configOf, String data) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (java.nio.charset.CharacterCodingException e) { // its message ("Input length = 1") means nothing to a user
            throw new UserError(file + ": not UTF-8 text (expected the CSV that train --runs writes)");
        } catch (IOException e) {
            throw new UserError(file + ": cannot read the runs of the search (" + e.getMessage() + ")");
        }
        List<String> header = lines.isEmpty() ? List.of() : parse(lines.get(0));
        boolean withData = header.equals(HEADER);
        boolean withStopping = withData || header.equals(HEADER_WITHOUT_DATA);
        if (!withStopping && !header.equals(HEADER_WITHOUT_STOPPING)) {
            throw new UserError(file + ": not a runs file of train --runs (its header is not " + String.join(",", HEADER) + ")");
        }
        List<GridSearch.Run> runs = new ArrayList<>();
        for (int k = 1; k < lines.size(); k++) {
            if (lines.get(k).isBlank()) continue;
            String where = file + ":" + (k + 1);
            List<String> cells = parse(lines.get(k));
            if (cells.size() != header.size()) throw new UserError(where + ": expected " + header.size() + " columns, got " + cells.size());
            try {
                int index = Integer.parseInt(cells.get(0));
                if (index < 1) throw new UserError(where + ": run numbers start at 1, got " + index);
                AmmiConfig c = configOf.apply(index);
                String flags = cells.get(header.indexOf("flags"));
                if (!settings(index, c).equals(cells.subList(0, SETTINGS)) || !c.toFlags().equals(flags)) {
                    throw new UserError(where + ": run " + index + " was sampled with other settings than this search draws ("
                            + flags + " vs " + c.toFlags() + "): give the same --search-seed and options, or another --runs-csv");
                }
                if (withData && !cells.get(header.indexOf("data")).equals(data)) {
                    throw new UserError(where + ": run " + index + " trained on other data (" + cells.get(header.indexOf("data")) + " vs "
                            + data + "): give the same data and data options, or another --runs-csv");
                }
                IntFunction<String> cell = col -> cells.get(header.indexOf(HEADER.get(col)));
                double val = Double.parseDouble(cell.apply(SETTINGS));
                double stopping = withStopping ? Double.parseDouble(cell.apply(SETTINGS + 1)) : val;
                runs.add(new GridSearch.Run(index, c, val, stopping, Double.parseDouble(cell.apply(SETTINGS + 2)),
                        Integer.parseInt(cell.apply(SETTINGS + 3)), Integer.parseInt(cell.apply(SETTINGS + 4)),
                        Double.parseDouble(cell.apply(SETTINGS + 5)), cell.apply(SETTINGS + 6)));
            } catch (NumberFormatException e) {
                throw new UserError(where + ": not a number (" + e.getMessage() + ")");
            }
        }
        return runs;
    }

    private static String line(List<String> cells) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) sb.append(',');
            String c = cells.get(i);
            if (c.contains(",") || c.contains("\"") || c.contains("\n")) sb.append('"').append(c.replace("\"", "\"\"")).append('"');
            else sb.append(c);
        }
        return sb.append('\n').toString();
    }

    /** One RFC 4180 line (no line breaks inside fields: this class never writes any). */
    public static List<String> parse(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
