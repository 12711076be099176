package ammi.model;

import ammi.backend.cpu.CpuBackend;
import ammi.data.DataOptions;
import ammi.data.Datasets;
import ammi.eval.CodeLikelihood;
import ammi.eval.MatchingPrecision;
import ammi.eval.PackedCodes;
import ammi.pairs.PairBuilder;
import ammi.pairs.PairDataset;
import ammi.util.UserError;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A short predictive-hashing run on bbc halves, through the one Trainer loop. */
class PredictiveTrainingTest {

    @Test
    void shortRunOnBbcHalvesBeatsRandomCodes() {
        PairDataset data = bbcHalves();
        AmmiConfig c = new AmmiConfig();
        c.predictive = true;
        c.bits = 32;
        c.epochs = 3; // otherwise the defaults: batch 16, lr 0.01, 4 prior steps, beta 2
        c.topK = 20;
        c.validate();
        Trainer.Result r;
        int distinct;
        try (CpuBackend backend = new CpuBackend(c, data.train().y(), data.train().x())) {
            r = new Trainer(backend, new MatchingTask(data, c.topK), c).train(new Trainer.Listener() {});
            distinct = MatchingTask.distinctTrainCodes(backend, data);
            assertEquals(r.testPrecision(), MatchingPrecision.matchingAtK(backend.encodeX(data.test().x()),
                    backend.encode(data.test().y()), c.topK), 1e-12);
        }
        int n = data.test().size();
        SplittableRandom rng = new SplittableRandom(1);
        byte[] a = new byte[n * c.bits], b = new byte[n * c.bits];
        for (int i = 0; i < a.length; i++) {
            a[i] = (byte) rng.nextInt(2);
            b[i] = (byte) rng.nextInt(2);
        }
        double random = MatchingPrecision.matchingAtK(PackedCodes.fromBits(a, n, c.bits), PackedCodes.fromBits(b, n, c.bits), c.topK);
        System.out.printf("bbc halves: %d test pairs, trained match@%d %.2f, random %.2f, distinct %d%n", n, c.topK, r.testPrecision(), random, distinct);
        assertTrue(random < 10, "random codes " + random);
        assertTrue(r.testPrecision() > random + 30, "trained " + r.testPrecision() + " vs random " + random);
        assertTrue(distinct > 100 && distinct <= 2 * data.train().size(), "distinct " + distinct);
    }

    @Test
    void orderOfTheXEncoderMustCoverThePosterior() {
        AmmiConfig c = new AmmiConfig();
        c.predictive = true;
        c.orderPosterior = 1;
        c.orderX = 0;
        UserError e = assertThrows(UserError.class, c::validate);
        assertTrue(e.getMessage().contains("--order-x"), e.getMessage());
    }

    /**
     * --tie-encoders: one set of weights codes both sides, so an article gets the same code as X
     * and as Y, and a training step moves those weights by the summed gradient of both uses.
     */
    @Test
    void tiedEncodersCodeBothSidesAlikeAndStillLearn() {
        PairDataset data = bbcHalves();
        AmmiConfig c = new AmmiConfig();
        c.predictive = true;
        c.tieEncoders = true;
        c.bits = 32;
        c.epochs = 3;
        c.topK = 20;
        c.validate();
        try (CpuBackend backend = new CpuBackend(c, data.train().y(), data.train().x())) {
            assertTrue(backend.parameters().keySet().stream().noneMatch(k -> k.startsWith("encoderX")), backend.parameters().keySet().toString());
            Trainer.Result r = new Trainer(backend, new MatchingTask(data, c.topK), c).train(new Trainer.Listener() {});
            PackedCodes asX = backend.encodeX(data.test().x()), asY = backend.encode(data.test().x());
            for (int i = 0; i < asX.count(); i++) assertEquals(0, asX.distance(i, asY, i), "article " + i);
            assertTrue(r.testPrecision() > 40, "trained " + r.testPrecision()); // random codes score under 10 (above)
        }
        AmmiConfig unsupervised = new AmmiConfig();
        unsupervised.tieEncoders = true;
        UserError e = assertThrows(UserError.class, unsupervised::validate);
        assertTrue(e.getMessage().contains("--tie-encoders"), e.getMessage());
        AmmiConfig orders = c.copy();
        orders.orderX = 1;
        e = assertThrows(UserError.class, orders::validate);
        assertTrue(e.getMessage().contains("--tie-encoders") && e.getMessage().contains("--order-x"), e.getMessage());
    }

    /**
     * The likelihood ranking's queries are the encoders' own conditionals, row for row: each
     * article's Viterbi code is the most likely code under them (o = 1 for q(z|x), o = 0 for p(z|y)),
     * and the scores train reports are those of {@link MatchingPrecision} on them.
     */
    @Test
    void likelihoodQueriesAreTheEncodersConditionals() {
        PairDataset data = bbcHalves();
        AmmiConfig c = new AmmiConfig();
        c.predictive = true;
        c.orderX = 1;
        c.bits = 16;
        c.epochs = 1;
        c.topK = 20;
        c.validate();
        try (CpuBackend backend = new CpuBackend(c, data.train().y(), data.train().x())) {
            MatchingTask task = new MatchingTask(data, c.topK);
            Trainer.Result r = new Trainer(backend, task, c).train(new Trainer.Listener() {});
            var test = data.test();
            for (boolean xSide : new boolean[] {true, false}) {
                var rows = xSide ? test.x() : test.y();
                CodeLikelihood lik = xSide ? backend.likelihoodX(rows) : backend.likelihood(rows);
                PackedCodes own = xSide ? backend.encodeX(rows) : backend.encode(rows);
                PackedCodes others = backend.encode(test.y());
                assertEquals(xSide ? 1 : 0, lik.order());
                for (int d = 0; d < rows.rows; d++) {
                    double best = lik.logLikelihood(d, own, d);
                    for (int j = 0; j < others.count(); j++)
                        assertTrue(lik.logLikelihood(d, others, j) <= best + 1e-9, (xSide ? "x" : "y") + " query " + d + ", code " + j);
                }
            }
            double[] scores = task.evaluateLikelihood(backend);
            // The test score from the definition: each X against every Y code, bit by bit.
            CodeLikelihood qx = backend.likelihoodX(test.x());
            PackedCodes ys = backend.encode(test.y());
            int hits = 0, n = test.size();
            for (int i = 0; i < n; i++) {
                double si = qx.logLikelihood(i, ys, i);
                int rank = 0;
                for (int j = 0; j < n; j++) {
                    double s = qx.logLikelihood(i, ys, j);
                    if (s > si + 1e-9 || (Math.abs(s - si) <= 1e-9 && j < i)) rank++;
                }
                if (rank < c.topK) hits++;
            }
            assertEquals(100.0 * hits / n, scores[1], 1e-12);
            System.out.printf("bbc halves, 16 bits, 1 epoch: test match@%d %.2f by Hamming distance, %.2f by likelihood%n", c.topK, r.testPrecision(), scores[1]);
            // --val-rank likelihood: the early-stopping score is the likelihood ranking's validation
            // score; with --val-distractors the training articles can only push partners down.
            AmmiConfig byLikelihood = c.copy();
            byLikelihood.valByLikelihood = true;
            double plain = new MatchingTask(data, byLikelihood).validate(backend);
            assertEquals(scores[0], plain, 1e-12);
            byLikelihood.valDistractors = true;
            double harder = new MatchingTask(data, byLikelihood).validate(backend);
            assertTrue(harder <= plain && harder > 0, harder + " with distractors, " + plain + " without");
            assertTrue(Math.abs(plain - task.validate(backend)) > 1e-9 || Math.abs(harder - new MatchingTask(data, c.topK, true, false).validate(backend)) > 1e-9,
                    "the likelihood scores differ from the Hamming ones");
            assertTrue(scores[1] > 15, "trained, ranked by likelihood: " + scores[1]); // random codes score under 3 at K = 20 of 735
        }
    }

    private static PairDataset bbcHalves() {
        PairBuilder.Result built = PairBuilder.build(Datasets.documents("bbc"), 0, 0.1);
        return PairDataset.fromPairs("bbc halves", built.pairs(), DataOptions.defaults().withVocabSize(3000));
    }
}
