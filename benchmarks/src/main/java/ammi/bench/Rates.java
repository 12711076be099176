package ammi.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Secondary JMH results: in throughput mode JMH divides each counter by the iteration's time, so
 * {@code positions} is reported as positions (batch x m) per second and {@code bytes} as effective
 * bytes per second. What "positions" and "bytes" mean for each kernel is written next to its
 * {@code bytesPerOp} and in docs/benchmarks.md.
 */
@AuxCounters(AuxCounters.Type.OPERATIONS)
@State(Scope.Thread)
public class Rates {
    public double positions;
    public double bytes;

    @Setup(Level.Iteration)
    public void reset() {
        positions = 0;
        bytes = 0;
    }

    void add(double positionsPerOp, double bytesPerOp) {
        positions += positionsPerOp;
        bytes += bytesPerOp;
    }
}
