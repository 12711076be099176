package ammi.model;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything Algorithm 2's loop carries from one epoch to the next, taken after an epoch's
 * validation: the current parameters and optimiser state, the training order and the shuffle
 * generator's state, the best epoch so far (score and parameters) and the patience counter. In a
 * checkpoint the best parameters are the file's model, so they are not written twice. Restoring
 * it and running on gives the same run as never stopping.
 */
public record TrainingState(int epochsDone, int[] order, long shuffleState, double bestVal, int bestEpoch,
                            int badEpochs, double trainSeconds, double evalSeconds, List<Trainer.EpochReport> history,
                            Map<String, double[]> best, Map<String, double[]> parameters, Map<String, double[]> optimizer) {

    /** Written after the checkpoint's model parameters, which are {@link #best}. */

    void write(DataOutput out) throws IOException {
        out.writeInt(epochsDone);
        out.writeInt(order.length);
        for (int i : order) out.writeInt(i);
        out.writeLong(shuffleState);
        out.writeDouble(bestVal);
        out.writeInt(bestEpoch);
        out.writeInt(badEpochs);
        out.writeDouble(trainSeconds);
        out.writeDouble(evalSeconds);
        out.writeInt(history.size());
        for (Trainer.EpochReport r : history) {
            out.writeInt(r.epoch());
            out.writeDouble(r.loss());
            out.writeDouble(r.conditionalEntropy());
            out.writeDouble(r.crossEntropy());
            out.writeDouble(r.valPrecision());
            out.writeDouble(r.trainSeconds());
            out.writeDouble(r.evalSeconds());
            out.writeBoolean(r.best());
        }
        writeMap(out, parameters);
        writeMap(out, optimizer);
    }

    static TrainingState read(DataInput in, Map<String, double[]> best) throws IOException {
        int epochsDone = in.readInt();
        int[] order = new int[in.readInt()];
        for (int i = 0; i < order.length; i++) order[i] = in.readInt();
        long shuffle = in.readLong();
        double bestVal = in.readDouble();
        int bestEpoch = in.readInt();
        int badEpochs = in.readInt();
        double trainSeconds = in.readDouble(), evalSeconds = in.readDouble();
        int count = in.readInt();
        List<Trainer.EpochReport> history = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            history.add(new Trainer.EpochReport(in.readInt(), in.readDouble(), in.readDouble(), in.readDouble(),
                    in.readDouble(), in.readDouble(), in.readDouble(), in.readBoolean()));
        }
        return new TrainingState(epochsDone, order, shuffle, bestVal, bestEpoch, badEpochs, trainSeconds, evalSeconds,
                history, best, readMap(in), readMap(in));
    }

    static void writeMap(DataOutput out, Map<String, double[]> values) throws IOException {
        out.writeInt(values.size());
        for (Map.Entry<String, double[]> e : values.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeInt(e.getValue().length);
            for (double v : e.getValue()) out.writeDouble(v);
        }
    }

    static Map<String, double[]> readMap(DataInput in) throws IOException {
        int count = in.readInt();
        Map<String, double[]> values = new LinkedHashMap<>();
        for (int p = 0; p < count; p++) {
            String name = in.readUTF();
            double[] v = new double[in.readInt()];
            for (int k = 0; k < v.length; k++) v[k] = in.readDouble();
            values.put(name, v);
        }
        return values;
    }
}
