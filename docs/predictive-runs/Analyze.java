import ammi.backend.cpu.CpuBackend;
import ammi.data.DataOptions;
import ammi.eval.PackedCodes;
import ammi.model.*;
import ammi.pairs.*;
import java.nio.file.Path;
import java.util.*;

/** Throwaway: trains one predictive model, then bit statistics of the test codes. */
public class Analyze {
    public static void main(String[] a) throws Exception {
        List<Pair> pairs = PairsFile.read(Path.of(a[0]), null);
        PairDataset data = PairDataset.fromPairs("p", pairs, DataOptions.defaults().withVocabSize(50000));
        AmmiConfig c = new AmmiConfig();
        c.predictive = true; c.bits = 128; c.batchSize = 64; c.lr = 0.003; c.entropyWeight = 3.5; c.epochs = Integer.parseInt(a[1]);
        c.wordDropout = Double.parseDouble(a[2]);
        c.validate();
        try (CpuBackend be = new CpuBackend(c, data.train().y(), data.train().x())) {
            Trainer.Result r = new Trainer(be, new MatchingTask(data, 100), c).train(new Trainer.Listener() {});
            System.out.println("val " + r.valPrecision() + " test " + r.testPrecision());
            PackedCodes y = be.encode(data.test().y()), x = be.encodeX(data.test().x());
            int n = y.count(), m = 128;
            double[] mean = new double[m];
            for (int d = 0; d < n; d++) for (int i = 0; i < m; i++) mean[i] += y.bit(d, i);
            for (int i = 0; i < m; i++) mean[i] /= n;
            double[][] corr = new double[m][m];
            for (int i = 0; i < m; i++) for (int j = 0; j < m; j++) {
                double s = 0;
                for (int d = 0; d < n; d++) s += (y.bit(d, i) - mean[i]) * (y.bit(d, j) - mean[j]);
                s /= n;
                corr[i][j] = s / Math.sqrt(mean[i] * (1 - mean[i]) * mean[j] * (1 - mean[j]) + 1e-12);
            }
            double[] mAbs = new double[8]; int[] cnt = new int[8];
            int strong = 0; int strongFar = 0;
            for (int i = 0; i < m; i++) for (int j = i + 1; j < m; j++) {
                int dist = j - i; int bucket = dist <= 3 ? 0 : dist <= 10 ? 1 : 2;
                mAbs[bucket] += Math.abs(corr[i][j]); cnt[bucket]++;
                if (Math.abs(corr[i][j]) > 0.5) { strong++; if (dist > 3) strongFar++; }
            }
            System.out.printf("bit means: min %.3f max %.3f%n", Arrays.stream(mean).min().getAsDouble(), Arrays.stream(mean).max().getAsDouble());
            System.out.printf("mean |corr| dist<=3 %.4f, 4..10 %.4f, >10 %.4f; pairs |corr|>0.5: %d (%d farther than 3)%n",
                mAbs[0]/cnt[0], mAbs[1]/cnt[1], mAbs[2]/cnt[2], strong, strongFar);
            // eigen-spectrum proxy: participation ratio of the correlation matrix = (tr C)^2 / tr(C^2)
            double tr2 = 0; for (double[] row : corr) for (double v : row) tr2 += v * v;
            System.out.printf("effective dimension (participation ratio) %.1f of %d%n", m * m / tr2, m);
            // partner distance vs random distance
            double dp = 0, dr = 0; Random rng = new Random(1);
            for (int d = 0; d < n; d++) { dp += x.distance(d, y, d); dr += x.distance(d, y, rng.nextInt(n)); }
            System.out.printf("mean Hamming: partner %.2f random %.2f%n", dp / n, dr / n);
        }
    }
}
