package ammi.cli;

import ammi.util.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "neighbors", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The paper's Table 2: for each distance d, the nearest document at distance d or more.",
                "",
                "For each d of --distances, prints the indexed document nearest to --doc among those at Hamming distance "
                        + "d or more (ties by index in the codes file), so one can see how documents change as their codes "
                        + "move away. The query document itself is left out."})
final class NeighborsCommand implements Callable<Integer> {
    @Mixin
    SearchIndex index = new SearchIndex();

    @Option(names = "--doc", paramLabel = "ID", required = true, description = "The query: an indexed document's id or SPLIT:INDEX (e.g. test:12).")
    String doc;

    @Option(names = "--distances", paramLabel = "D", split = ",", defaultValue = "0,1,5,10,20,50,90",
            description = "Distances d to show a document at (at least) d from the query. Default: ${DEFAULT-VALUE}.")
    List<Integer> distances;

    @Override
    public Integer call() {
        for (int d : distances) if (d < 0) throw new UserError("--distances: " + d + " is negative (Hamming distances are 0..m)");
        index.open();
        try {
            int q = index.find(doc);
            index.search.scan(index.codes, q, q);
            int m = index.codes.bits(), farthest = -1;
            for (int e = m; e >= 0 && farthest < 0; e--) if (index.search.countAt(e) > 0) farthest = e;
            System.out.printf(Locale.ROOT, "# query %s (%d codes of %d bits in %s)%n", index.describe(q), index.codes.count(), m, index.index);
            System.out.println(">= d  distance  document");
            for (int d : distances) {
                int j = index.search.nearestAtLeast(d);
                if (j < 0) {
                    String why = d > m ? "codes have only " + m + " bits"
                            : farthest < 0 ? "no other document is indexed" : "the farthest document is at " + farthest;
                    System.out.printf(Locale.ROOT, "%4d  %8s  none: no document at distance >= %d (%s)%n", d, "-", d, why);
                } else {
                    System.out.printf(Locale.ROOT, "%4d  %8d  %s%n", d, index.search.distance(j), index.describe(j));
                }
            }
        } finally {
            index.close();
        }
        return 0;
    }
}
