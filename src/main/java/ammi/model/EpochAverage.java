package ammi.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * --epoch-average: an exponential moving average of the encoders' weights, taken at the end of
 * every epoch, avg = d * avg + (1 - d) * w (the first epoch starts it at w). The trajectory of
 * training is untouched; only what is validated and kept is the average. Averaging the points
 * that constant-rate Adam visits late in training lands nearer the middle of the basin they
 * circle (stochastic weight averaging, Izmailov et al. 2018), which is what generalises.
 * The prior's parameters stay live: they do not enter the codes, and an average over epochs whose
 * bit orders differ (--reorder-bits) would mean nothing.
 */
public final class EpochAverage {
    private final double decay;
    private Map<String, double[]> average;

    public EpochAverage(double decay, Map<String, double[]> restored) {
        if (!(decay > 0 && decay < 1)) throw new IllegalArgumentException("decay must be in (0, 1), got " + decay);
        this.decay = decay;
        this.average = restored == null ? null : copy(restored);
    }

    static boolean averaged(String name) {
        return !name.startsWith("prior.");
    }

    /** Folds in the weights at the end of an epoch; returns the parameters to validate (live prior, averaged encoders). */
    public Map<String, double[]> update(Map<String, double[]> live) {
        if (average == null) {
            average = new LinkedHashMap<>();
            for (Map.Entry<String, double[]> e : live.entrySet()) {
                if (averaged(e.getKey())) average.put(e.getKey(), e.getValue().clone());
            }
        } else {
            for (Map.Entry<String, double[]> e : average.entrySet()) {
                double[] a = e.getValue(), w = live.get(e.getKey());
                for (int k = 0; k < a.length; k++) a[k] = decay * a[k] + (1 - decay) * w[k];
            }
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : live.entrySet()) {
            double[] a = average.get(e.getKey());
            out.put(e.getKey(), a != null ? a.clone() : e.getValue());
        }
        return out;
    }

    /** The running average (encoder parameters only), for a resumable checkpoint; null before the first epoch. */
    public Map<String, double[]> state() {
        return average == null ? null : copy(average);
    }

    private static Map<String, double[]> copy(Map<String, double[]> m) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : m.entrySet()) out.put(e.getKey(), e.getValue().clone());
        return out;
    }
}
