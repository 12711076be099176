package ammi.data;

import ammi.util.AtomicFiles;
import ammi.util.UserError;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LibSVM / SVMlight sparse vectors, read as already-vectorised documents (no vocabulary, no
 * TF-IDF: values are used as given). One document per line:
 * {@code label[,label...] index:value index:value ...}, indices 1-based (column index-1),
 * '#' starts a comment, blank lines are skipped, a line whose first item is an index:value pair has
 * no labels. A comment line {@code # features: V} fixes the number of columns (otherwise the
 * largest index of all files). Any comment line that starts with {@code features:} (spaces allowed
 * around both, any case) is such a declaration and must hold exactly one positive integer; a file
 * may repeat it only with the same count, the split files must agree on it, and a file without it
 * must stay within the count its siblings declare.
 *
 * <p>Files: {@code NAME.svm} is the training split; a sibling {@code NAME.test.svm} is the test
 * split and {@code NAME.val.svm} the validation split (with the same extension: .svm, .libsvm,
 * .svmlight). Without a test file a seeded 80/20 split is drawn, without a validation file a
 * seeded validation fraction of train, exactly as for text corpora.
 */
public final class LibSvm {
    static final String[] EXTENSIONS = {".svm", ".libsvm", ".svmlight"};
    /** Matched against the text after '#': anything that reads as a declaration is checked as one. */
    private static final Pattern FEATURES = Pattern.compile("\\s*features\\s*:(.*)", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern COUNT = Pattern.compile("[0-9]+");

    private LibSvm() {
    }

    static boolean isLibSvmName(String lowerName) {
        for (String e : EXTENSIONS) if (lowerName.endsWith(e)) return true;
        return false;
    }

    /**
     * One parsed file: rows with 0-based columns, labels, ids, the declared width (-1 if none) and
     * the line declaring it, the largest index with a non-zero value, and the largest index of any
     * item (zero values included) with its line.
     */
    record Parsed(List<SparseRow> rows, List<List<String>> labels, List<String> ids, int declaredCols, int declaredLine,
                  int maxIndex, int maxSeen, int maxSeenLine) {
    }

    /** {@code [base without extension, extension]} of a LibSVM file name. */
    private static String[] stem(Path file) {
        String base = file.getFileName().toString();
        String lower = base.toLowerCase(Locale.ROOT);
        for (String e : EXTENSIONS) {
            if (lower.endsWith(e)) return new String[] {base.substring(0, base.length() - e.length()), base.substring(base.length() - e.length())};
        }
        return new String[] {base, ".svm"};
    }

    /** The sibling files of {@code train}: index 0 validation, 1 test. */
    public static Path[] siblings(Path train) {
        String[] s = stem(train);
        return new Path[] {train.resolveSibling(s[0] + ".val" + s[1]), train.resolveSibling(s[0] + ".test" + s[1])};
    }

    public static Dataset read(Path trainFile, DataOptions opts) {
        Path[] sib = siblings(trainFile);
        Parsed train = parse(trainFile);
        Parsed val = Files.isRegularFile(sib[0]) ? parse(sib[0]) : null;
        Parsed test = Files.isRegularFile(sib[1]) ? parse(sib[1]) : null;
        String name = stem(trainFile)[0];

        int cols = columns(new Parsed[] {train, val, test}, new Path[] {trainFile, sib[0], sib[1]});

        Parsed trainPart = train, testPart = test;
        int[] trAll, teAll;
        if (test == null) {
            // no test file: the seeded 80/20 draw of text corpora, within the train file
            boolean[] isTest = Datasets.seededTestSplit(train.rows().size(), opts.seed());
            testPart = train;
            List<Integer> tr = new ArrayList<>(), te = new ArrayList<>();
            for (int i = 0; i < isTest.length; i++) (isTest[i] ? te : tr).add(i);
            trAll = tr.stream().mapToInt(Integer::intValue).toArray();
            teAll = te.stream().mapToInt(Integer::intValue).toArray();
        } else {
            trAll = range(train.rows().size());
            teAll = range(test.rows().size());
        }
        int[] trIdx = limit(trAll, opts.maxDocs()), teIdx = limit(teAll, opts.maxDocs());
        if (trIdx.length == 0) throw new UserError(trainFile + ": the train split has no documents (expected one 'label index:value ...' line per document)");
        if (teIdx.length == 0) throw new UserError((test == null ? trainFile : sib[1]) + ": the test split has no documents");

        Parsed valPart;
        int[] vaIdx;
        if (val != null) {
            valPart = val;
            vaIdx = limit(range(val.rows().size()), opts.maxDocs());
            if (vaIdx.length == 0) throw new UserError(sib[0] + ": the validation split has no documents");
        } else {
            int[][] tv = Datasets.validationSplit(trIdx.length, opts.validationFraction(), opts.seed());
            valPart = trainPart;
            vaIdx = new int[tv[1].length];
            for (int i = 0; i < vaIdx.length; i++) vaIdx[i] = trIdx[tv[1][i]];
            int[] fit = new int[tv[0].length];
            for (int i = 0; i < fit.length; i++) fit[i] = trIdx[tv[0][i]];
            trIdx = fit;
        }

        TreeSet<String> labelSet = new TreeSet<>();
        for (Parsed p : new Parsed[] {train, val, test}) if (p != null) for (List<String> ls : p.labels()) labelSet.addAll(ls);
        String[] labelNames = labelSet.toArray(new String[0]);
        Map<String, Integer> labelIndex = new HashMap<>();
        for (int i = 0; i < labelNames.length; i++) labelIndex.put(labelNames[i], i);

        int[] dropped = new int[3];
        Split s0 = build("train", trainPart, trIdx, cols, labelIndex, dropped, 0, trainFile);
        Split s1 = build("validation", valPart, vaIdx, cols, labelIndex, dropped, 1, val != null ? sib[0] : trainFile);
        Split s2 = build("test", testPart, teIdx, cols, labelIndex, dropped, 2, test != null ? sib[1] : trainFile);
        return new Dataset(name, s0, s1, s2, labelNames, null, new DroppedDocs(dropped[0], dropped[1], dropped[2]));
    }

    /**
     * The column count of the split files (null where absent): the one they declare, else the
     * largest index. A mismatch would silently pad or cut every vector of one split.
     */
    private static int columns(Parsed[] parts, Path[] files) {
        int ref = -1, maxIndex = 0;
        for (int i = 0; i < parts.length; i++) {
            Parsed p = parts[i];
            if (p == null) continue;
            maxIndex = Math.max(maxIndex, p.maxIndex());
            if (p.declaredCols() < 0) continue;
            if (ref < 0) ref = i;
            else if (p.declaredCols() != parts[ref].declaredCols())
                throw new UserError(files[i] + ":" + p.declaredLine() + ": '# features: " + p.declaredCols() + "' differs from '# features: "
                        + parts[ref].declaredCols() + "' on line " + parts[ref].declaredLine() + " of " + files[ref].getFileName()
                        + " (expected the same column count in every split's file)");
        }
        if (ref < 0) return maxIndex;
        Parsed d = parts[ref];
        for (int i = 0; i < parts.length; i++) {
            Parsed p = parts[i];
            // a file with its own declaration was range-checked against it while parsing
            if (p != null && p.declaredCols() < 0 && p.maxSeen() > d.declaredCols())
                throw new UserError(files[i] + ":" + p.maxSeenLine() + ": index " + p.maxSeen() + " out of range (expected 1.." + d.declaredCols()
                        + ", as declared by '# features: " + d.declaredCols() + "' on line " + d.declaredLine() + " of " + files[ref].getFileName() + ")");
        }
        return d.declaredCols();
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }

    private static int[] limit(int[] idx, int maxDocs) {
        int[] kept = Datasets.spreadIndices(idx.length, maxDocs);
        int[] out = new int[kept.length];
        for (int i = 0; i < kept.length; i++) out[i] = idx[kept[i]];
        return out;
    }

    private static Split build(String split, Parsed p, int[] idx, int cols, Map<String, Integer> labelIndex,
                               int[] dropped, int slot, Path file) {
        List<SparseRow> rows = new ArrayList<>(idx.length);
        List<int[]> labels = new ArrayList<>(idx.length);
        List<String> ids = new ArrayList<>(idx.length);
        for (int i : idx) {
            SparseRow r = p.rows().get(i);
            if (r.isEmpty()) {
                dropped[slot]++;
                continue;
            }
            rows.add(r);
            labels.add(p.labels().get(i).stream().mapToInt(labelIndex::get).distinct().sorted().toArray());
            ids.add(p.ids().get(i));
        }
        if (rows.isEmpty() && idx.length > 0)
            throw new UserError(file + ": the " + split + " split is empty (all " + idx.length + " documents have no non-zero value)");
        return new Split(split, Vocabulary.toCsr(rows, cols), labels.toArray(new int[0][]), ids.toArray(new String[0]));
    }

    public static Parsed parse(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString(), file.getFileName().toString());
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": no such file (expected a LibSVM file: 'label[,label...] index:value ...' per line)");
        } catch (IOException e) {
            throw new UserError(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    static Parsed parse(InputStream in, String source, String idPrefix) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        List<SparseRow> rows = new ArrayList<>();
        List<List<String>> labels = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        int declared = -1, declaredLine = 0, maxIndex = 0, maxSeen = 0, maxSeenLine = 0;
        String line;
        int lineNo = 0;
        while ((line = r.readLine()) != null) {
            lineNo++;
            String where = source + ":" + lineNo;
            int hash = line.indexOf('#');
            if (hash >= 0) {
                if (line.substring(0, hash).isBlank()) {
                    Matcher m = FEATURES.matcher(line.substring(hash + 1));
                    if (m.matches()) {
                        int count = declaredCount(m.group(1).strip(), where);
                        if (declared >= 0 && count != declared)
                            throw new UserError(where + ": '# features: " + count + "' differs from '# features: " + declared + "' on line "
                                    + declaredLine + " (expected one column count per file)");
                        if (declared < 0) {
                            declared = count;
                            declaredLine = lineNo;
                            if (maxSeen > declared)
                                throw new UserError(where + ": '# features: " + declared + "' comes after a document with index " + maxSeen
                                        + " on line " + maxSeenLine + " (expected every index in 1.." + declared + ")");
                        }
                    }
                }
                line = line.substring(0, hash);
            }
            String t = line.strip();
            if (t.isEmpty()) continue;
            String[] items = t.split("\\s+");
            int first = 0;
            List<String> ls = List.of();
            if (items[0].indexOf(':') < 0) {
                first = 1;
                List<String> l = new ArrayList<>();
                for (String lab : items[0].split(",", -1)) {
                    if (lab.isEmpty())
                        throw new UserError(where + ": malformed label list '" + items[0] + "' (expected label[,label...] without empty labels)");
                    l.add(lab);
                }
                ls = List.copyOf(l);
            }
            int n = items.length - first;
            int[] cols = new int[n];
            double[] vals = new double[n];
            int k = 0;
            for (int i = first; i < items.length; i++) {
                String it = items[i];
                int colon = it.indexOf(':');
                if (colon <= 0 || colon == it.length() - 1 || it.indexOf(':', colon + 1) >= 0)
                    throw new UserError(where + ": malformed item '" + it + "' (expected index:value, e.g. 17:0.25)");
                String is = it.substring(0, colon), vs = it.substring(colon + 1);
                long idx;
                try {
                    idx = Long.parseLong(is);
                } catch (NumberFormatException e) {
                    throw new UserError(where + ": index '" + is + "' in '" + it + "' is not an integer (expected a 1-based column index)");
                }
                if (idx < 1 || idx > Integer.MAX_VALUE)
                    throw new UserError(where + ": index " + idx + " out of range (expected 1-based indices from 1 to " + (declared >= 0 ? declared : Integer.MAX_VALUE) + ")");
                if (declared >= 0 && idx > declared)
                    throw new UserError(where + ": index " + idx + " out of range (expected 1.." + declared + ", as declared by '# features: " + declared + "' on line " + declaredLine + ")");
                if (idx > maxSeen) {
                    maxSeen = (int) idx;
                    maxSeenLine = lineNo;
                }
                double v;
                try {
                    v = Double.parseDouble(vs);
                } catch (NumberFormatException e) {
                    v = Double.NaN;
                }
                if (!Double.isFinite(v) || vs.endsWith("d") || vs.endsWith("D") || vs.endsWith("f") || vs.endsWith("F"))
                    throw new UserError(where + ": value '" + vs + "' of index " + idx + " is not a finite number (expected e.g. 0.25 or 1e-3)");
                if (v == 0) continue;
                cols[k] = (int) idx - 1;
                vals[k] = v;
                k++;
                maxIndex = Math.max(maxIndex, (int) idx);
            }
            rows.add(sortedRow(cols, vals, k, where));
            labels.add(ls);
            ids.add(idPrefix + ":" + lineNo);
        }
        return new Parsed(rows, labels, ids, declared, declaredLine, maxIndex, maxSeen, maxSeenLine);
    }

    private static int declaredCount(String text, String where) {
        if (!COUNT.matcher(text).matches() || text.matches("0+"))
            throw new UserError(where + ": '# features:' must be followed by a positive column count, got '" + text + "'");
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new UserError(where + ": '# features:' must be followed by a column count below 2^31, got " + text);
        }
    }

    private static SparseRow sortedRow(int[] cols, double[] vals, int k, String where) {
        Integer[] order = new Integer[k];
        for (int i = 0; i < k; i++) order[i] = i;
        boolean sorted = true;
        for (int i = 1; i < k; i++) if (cols[i] <= cols[i - 1]) sorted = false;
        if (!sorted) Arrays.sort(order, (a, b) -> Integer.compare(cols[a], cols[b]));
        int[] c = new int[k];
        double[] v = new double[k];
        for (int i = 0; i < k; i++) {
            c[i] = cols[order[i]];
            v[i] = vals[order[i]];
            if (i > 0 && c[i] == c[i - 1]) throw new UserError(where + ": index " + (c[i] + 1) + " appears twice (expected each index at most once per line)");
        }
        return new SparseRow(c, v);
    }

    /**
     * Writes train to {@code file}, validation to NAME.val.EXT and test to NAME.test.EXT. Each is
     * first written to a temporary file beside its target; only when all three are complete are
     * they renamed over the targets, so a failure leaves the old files (or none) and no temporary.
     */
    public static void write(Dataset ds, Path file) {
        write(ds, file, p -> Files.newOutputStream(p));
    }

    /** Opens a temporary file for writing; a parameter so that tests can make a write fail. */
    interface Opener {
        java.io.OutputStream open(Path tmp) throws IOException;
    }

    /** As {@link #write(Dataset, Path)}, each temporary file opened by {@code opener}. */
    static void write(Dataset ds, Path file, Opener opener) {
        Path abs = file.toAbsolutePath();
        Path[] sib = siblings(abs);
        Path[] targets = {abs, sib[0], sib[1]};
        Split[] splits = {ds.train(), ds.validation(), ds.test()};
        for (String l : ds.labelNames()) {
            if (l.isEmpty() || l.chars().anyMatch(c -> Character.isWhitespace(c) || c == ',' || c == ':' || c == '#'))
                throw new UserError(file + ": label '" + l + "' cannot be written in LibSVM format (expected no whitespace, ',', ':' or '#')");
        }
        Path[] tmps = new Path[3];
        try {
            Files.createDirectories(abs.getParent()); // as AtomicFiles.write does for train --save and the other outputs
            // all three temporaries first, renames only after: a failure while writing leaves no new file
            for (int s = 0; s < 3; s++) {
                tmps[s] = AtomicFiles.tempBeside(targets[s]);
                try (Writer w = new BufferedWriter(new OutputStreamWriter(opener.open(tmps[s]), StandardCharsets.UTF_8), 1 << 16)) {
                    writeSplit(w, ds, splits[s]);
                }
            }
            for (int s = 0; s < 3; s++) {
                AtomicFiles.moveOver(tmps[s], targets[s]);
                tmps[s] = null;
            }
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": cannot write LibSVM file (no such directory " + abs.getParent() + ")", e);
        } catch (IOException e) {
            throw new UserError(file + ": cannot write LibSVM file (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        } finally {
            for (Path t : tmps) AtomicFiles.deleteQuietly(t);
        }
    }

    /** createTempFile makes owner-only files; an exported corpus is meant to be shared. */
    private static void writeSplit(Writer w, Dataset ds, Split s) throws IOException {
        w.write("# ammi-engine export of " + ds.name() + ", " + s.name() + " split: " + s.size() + " documents\n");
        w.write("# features: " + ds.vocabSize() + "\n");
        CsrMatrix x = s.x();
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < x.rows; r++) {
            sb.setLength(0);
            int[] ls = s.labels()[r];
            for (int i = 0; i < ls.length; i++) sb.append(i == 0 ? "" : ",").append(ds.labelNames()[ls[i]]);
            for (int k = x.rowPtr[r]; k < x.rowPtr[r + 1]; k++) {
                if (sb.length() > 0) sb.append(' ');
                sb.append(x.colIdx[k] + 1).append(':').append(x.values[k]);
            }
            sb.append('\n');
            w.write(sb.toString());
        }
    }
}
