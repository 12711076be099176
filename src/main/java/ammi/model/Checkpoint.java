package ammi.model;

import ammi.data.DataOptions;
import ammi.data.Vocabulary;
import ammi.util.AtomicFiles;
import ammi.util.UserError;
import com.google.gson.Gson;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * A trained model on disk, optionally with the training state to resume from. Format version 1
 * (a model) or 2 (a model and a {@link TrainingState}), big-endian, java.io.DataOutput:
 * <pre>
 *   8 bytes   magic "AMMICKPT"
 *   int       format version (1, or 2 when a training state follows the parameters)
 *   UTF       the configuration as JSON (AmmiConfig fields)
 *   UTF       dataset name (a corpus name or the file it was read from)
 *   UTF       the data options as JSON (vocabulary size, min df, TF-IDF, validation split seed)
 *   boolean   vocabulary present; if so Vocabulary.write (terms and IDF weights)
 *   int       parameter count, then per parameter: UTF name, int length, length doubles
 *             (with a training state: the best epoch's parameters so far)
 *   version 2 only: the training state (see TrainingState.write and docs/training.md)
 *   long      CRC32 of every byte before it
 * </pre>
 * It is written atomically (temp file, then rename); reading checks magic, version and checksum.
 */
public record Checkpoint(AmmiConfig config, String dataset, DataOptions dataOptions, Vocabulary vocabulary,
                         Map<String, double[]> parameters, TrainingState training) {
    private static final byte[] MAGIC = "AMMICKPT".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** Plain models stay version 1, so that they read in builds without resumable training. */
    public static final int VERSION = 1, VERSION_RESUMABLE = 2;

    /** A finished model, without a training state. */
    public Checkpoint(AmmiConfig config, String dataset, DataOptions dataOptions, Vocabulary vocabulary,
                      Map<String, double[]> parameters) {
        this(config, dataset, dataOptions, vocabulary, parameters, null);
    }
    private static final Gson GSON = new Gson();

    /** A resumable checkpoint: the best parameters so far are its model. */
    public static Checkpoint resumable(AmmiConfig config, String dataset, DataOptions dataOptions, Vocabulary vocabulary,
                                       TrainingState training) {
        return new Checkpoint(config, dataset, dataOptions, vocabulary, training.best(), training);
    }

    public void write(Path file) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeInt(training == null ? VERSION : VERSION_RESUMABLE);
            out.writeUTF(GSON.toJson(config));
            out.writeUTF(dataset == null ? "" : dataset);
            out.writeUTF(GSON.toJson(dataOptions));
            out.writeBoolean(vocabulary != null);
            if (vocabulary != null) vocabulary.write(out);
            TrainingState.writeMap(out, parameters);
            if (training != null) training.write(out);
            out.flush();
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeLong(crc.getValue());
        } catch (IOException e) {
            throw new IllegalStateException(e); // in-memory stream
        }
        byte[] all = bytes.toByteArray();
        AtomicFiles.write(file, o -> o.write(all));
    }

    public static Checkpoint read(Path file) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": no such file (expected a model written by train --save, or a checkpoint)");
        } catch (IOException e) {
            throw new UserError(file + ": cannot read checkpoint (" + e.getMessage() + ")");
        }
        if (all.length < MAGIC.length + 4 + 8 || !java.util.Arrays.equals(java.util.Arrays.copyOf(all, MAGIC.length), MAGIC)) {
            throw new UserError(file + ": not an ammi-engine checkpoint (bad magic bytes)");
        }
        CRC32 crc = new CRC32();
        crc.update(all, 0, all.length - 8);
        long stored = 0;
        for (int k = all.length - 8; k < all.length; k++) stored = (stored << 8) | (all[k] & 0xFF);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, 0, all.length - 8))) {
            in.skipNBytes(MAGIC.length);
            int version = in.readInt();
            if (version != VERSION && version != VERSION_RESUMABLE) {
                throw new UserError(file + ": checkpoint format version " + version + " is not supported (this build reads versions "
                        + VERSION + " and " + VERSION_RESUMABLE + ")");
            }
            if (stored != crc.getValue()) {
                throw new UserError(file + ": checksum mismatch: the checkpoint is corrupt or truncated");
            }
            AmmiConfig config = GSON.fromJson(in.readUTF(), AmmiConfig.class);
            String dataset = in.readUTF();
            DataOptions dataOptions = GSON.fromJson(in.readUTF(), DataOptions.class);
            Vocabulary vocabulary = in.readBoolean() ? Vocabulary.read(in) : null;
            Map<String, double[]> params = TrainingState.readMap(in);
            TrainingState training = version == VERSION_RESUMABLE ? TrainingState.read(in, params) : null;
            return new Checkpoint(config, dataset, dataOptions, vocabulary, params, training);
        } catch (IOException | RuntimeException e) {
            if (e instanceof UserError u) throw u;
            throw new UserError(file + ": corrupt checkpoint (" + e + ")");
        }
    }
}
